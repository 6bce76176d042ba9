/**
 * `ContainerSpec` → `POST /containers/create` (Engine API 1.41+), pure.
 *
 * Networks: before API 1.44 the engine takes exactly one entry in
 * `NetworkingConfig.EndpointsConfig` at create; the others must be connected
 * after create (and before start, so the container never runs half-attached).
 * From 1.44 on every attachment goes into the create body. `laterNetworks` is
 * what the caller still has to connect.
 */
import type { ContainerSpec, EngineWarningSink, NetworkAttachment } from '../types.js';
import { EXTRA_TRANSLATORS, type ExtraTarget } from './create-body-extra.js';
import { translateDeploy } from './create-body-deploy.js';
import { apiAtLeast, mountsBody, portsBody } from './create-body-ports-mounts.js';

export interface CreateBody {
  /** The `name` query parameter. */
  readonly name: string;
  readonly body: Record<string, unknown>;
  /** Other query parameters (`platform`). */
  readonly query: Readonly<Record<string, string>>;
  /** Attachments the create call cannot carry: connect them before starting. */
  readonly laterNetworks: NetworkAttachment[];
}

const MULTI_NETWORK_CREATE_API = '1.44';
const START_INTERVAL_API = '1.44';

/**
 * Fields of a service other layers act on (planner, executor, image builder):
 * nothing to translate here, nothing to warn about.
 */
const NOT_CREATE_BODY_FIELDS = new Set([
  'name',
  'build',
  'pull_policy',
  'scale',
  'depends_on',
  'profiles',
  'develop',
  'extends',
  'attach',
  'post_start',
  'pre_stop',
  'provider',
  'models',
  'label_file',
  'env_file',
  'container_name',
]);

export function endpointSettings(
  attachment: NetworkAttachment,
  withMacAddress: boolean,
): Record<string, unknown> {
  const ipam: Record<string, unknown> = {};
  if (attachment.ipv4Address) ipam['IPv4Address'] = attachment.ipv4Address;
  if (attachment.ipv6Address) ipam['IPv6Address'] = attachment.ipv6Address;
  if (attachment.linkLocalIps && attachment.linkLocalIps.length > 0)
    ipam['LinkLocalIPs'] = [...attachment.linkLocalIps];
  return {
    ...(attachment.aliases.length > 0 ? { Aliases: [...attachment.aliases] } : {}),
    ...(Object.keys(ipam).length > 0 ? { IPAMConfig: ipam } : {}),
    ...(withMacAddress && attachment.macAddress ? { MacAddress: attachment.macAddress } : {}),
  };
}

/** Highest `priority` first (Docker Compose's order), stable otherwise. */
function byPriority(networks: readonly NetworkAttachment[]): NetworkAttachment[] {
  return [...networks].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
}

function healthcheckBody(
  spec: ContainerSpec,
  warn: EngineWarningSink,
  apiVersion: string,
): Record<string, unknown> | undefined {
  const check = spec.healthcheck;
  if (!check) return undefined;
  const body: Record<string, unknown> = { Test: [...check.test] };
  if (check.intervalNs !== undefined) body['Interval'] = check.intervalNs;
  if (check.timeoutNs !== undefined) body['Timeout'] = check.timeoutNs;
  if (check.startPeriodNs !== undefined) body['StartPeriod'] = check.startPeriodNs;
  if (check.retries !== undefined) body['Retries'] = check.retries;
  if (check.startIntervalNs !== undefined) {
    // Older engines drop it without a word (DESIGN.md engine facts): say so.
    if (apiAtLeast(apiVersion, START_INTERVAL_API)) body['StartInterval'] = check.startIntervalNs;
    else
      warn(
        `healthcheck.start_interval needs Engine API ${START_INTERVAL_API}+ (this engine speaks ${apiVersion}) and is ignored`,
      );
  }
  return body;
}

function networking(
  spec: ContainerSpec,
  apiVersion: string,
): { networkMode?: string; endpoints: Record<string, unknown>; later: NetworkAttachment[] } {
  // `network_mode` (host, none, container:x, service resolved) excludes `networks`.
  if (spec.networkMode !== undefined)
    return { networkMode: spec.networkMode, endpoints: {}, later: [] };
  const ordered = byPriority(spec.networks);
  const [primary, ...rest] = ordered;
  if (!primary) return { endpoints: {}, later: [] };
  const multi = apiAtLeast(apiVersion, MULTI_NETWORK_CREATE_API);
  const atCreate = multi ? ordered : [primary];
  const endpoints = Object.fromEntries(atCreate.map((n) => [n.name, endpointSettings(n, multi)]));
  return { networkMode: primary.name, endpoints, later: multi ? [] : rest };
}

export function toCreateBody(
  spec: ContainerSpec,
  warn: EngineWarningSink,
  engine: { readonly apiVersion: string },
): CreateBody {
  const { apiVersion } = engine;
  const ports = portsBody(spec.ports, spec.expose);
  const mounts = mountsBody(spec.mounts, warn, apiVersion);
  const net = networking(spec, apiVersion);
  const hostConfig: Record<string, unknown> = {
    PortBindings: ports.portBindings,
    Mounts: mounts.mounts,
    ...(mounts.binds.length > 0 ? { Binds: mounts.binds } : {}),
    ...(spec.init !== undefined ? { Init: spec.init } : {}),
    Privileged: spec.privileged,
    ReadonlyRootfs: spec.readOnly,
    ...(spec.restart
      ? {
          RestartPolicy: {
            Name: spec.restart.name,
            ...(spec.restart.maximumRetryCount !== undefined
              ? { MaximumRetryCount: spec.restart.maximumRetryCount }
              : {}),
          },
        }
      : {}),
    ...(net.networkMode !== undefined ? { NetworkMode: net.networkMode } : {}),
    ...(spec.autoRemove === true ? { AutoRemove: true } : {}),
  };
  const healthcheck = healthcheckBody(spec, warn, apiVersion);
  const primary = spec.networkMode === undefined ? byPriority(spec.networks)[0] : undefined;
  const config: Record<string, unknown> = {
    Image: spec.image,
    Labels: { ...spec.labels },
    Env: [...spec.env],
    ...(spec.command !== undefined ? { Cmd: [...spec.command] } : {}),
    ...(spec.entrypoint !== undefined ? { Entrypoint: [...spec.entrypoint] } : {}),
    ...(spec.workingDir !== undefined ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.user !== undefined ? { User: spec.user } : {}),
    ...(spec.hostname !== undefined ? { Hostname: spec.hostname } : {}),
    ...(spec.domainname !== undefined ? { Domainname: spec.domainname } : {}),
    Tty: spec.tty,
    OpenStdin: spec.stdinOpen,
    AttachStdin: spec.stdinOpen,
    ...(spec.stdinOnce === true ? { StdinOnce: true } : {}),
    ...(spec.stopSignal !== undefined ? { StopSignal: spec.stopSignal } : {}),
    ...(spec.stopTimeoutSeconds !== undefined ? { StopTimeout: spec.stopTimeoutSeconds } : {}),
    ExposedPorts: ports.exposedPorts,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    // Before 1.44 the MAC address is container-wide, not per endpoint.
    ...(primary?.macAddress && !apiAtLeast(apiVersion, MULTI_NETWORK_CREATE_API)
      ? { MacAddress: primary.macAddress }
      : {}),
  };
  const query: Record<string, string> = {};
  const target: ExtraTarget = { config, hostConfig, query, warn, apiVersion };
  for (const key of Object.keys(spec.extra).sort()) {
    if (NOT_CREATE_BODY_FIELDS.has(key) || key.startsWith('x-')) continue;
    const value = spec.extra[key];
    if (value === undefined || value === null) continue;
    const translate = key === 'deploy' ? translateDeploy : EXTRA_TRANSLATORS[key];
    if (!translate) {
      warn(`${key} is not supported by the Docker Engine backend and is ignored`);
    } else if (!translate(value, target)) {
      warn(`${key} has a value the Docker Engine backend cannot read and is ignored`);
    }
  }
  const body = {
    ...config,
    HostConfig: hostConfig,
    NetworkingConfig: { EndpointsConfig: net.endpoints },
  };
  return { name: spec.name, body, query, laterNetworks: net.later };
}
