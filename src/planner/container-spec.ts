import type { ContainerSpec, HealthcheckSpec, PortBinding } from '../engine/types.js';
import { Label } from '../engine/types.js';
import type { Healthcheck, Project, ServiceConfig } from '../spec/model.js';
import { serviceMounts } from './container-mounts.js';
import { networkAttachments } from './container-networks.js';
import { serviceDependencies } from './graph.js';
import { containerName, serviceImage, TSCOMPOSE_VERSION } from './names.js';
import {
  recordedServiceConfig,
  resolveServiceReferences,
  serviceHash,
  type ResolvedNames,
} from './service-hash.js';

export interface ContainerSpecInputs extends ResolvedNames {
  /** The local image id behind the service's image, when known now (label `com.docker.compose.image`). */
  readonly imageId?: string;
}

/** Fields `ContainerSpec` models directly, or that do not reach a container; the rest go to `extra`. */
const MODELLED_FIELDS = new Set([
  'name',
  'image',
  'build',
  'labels',
  'environment',
  'env_file',
  'command',
  'entrypoint',
  'working_dir',
  'user',
  'hostname',
  'domainname',
  'tty',
  'stdin_open',
  'init',
  'privileged',
  'read_only',
  'stop_signal',
  'stop_grace_period',
  'ports',
  'expose',
  'volumes',
  'tmpfs',
  'network_mode',
  'networks',
  'healthcheck',
  'restart',
  'container_name',
  'depends_on',
  'profiles',
  'scale',
  'pull_policy',
  'develop',
]);

function ports(service: ServiceConfig): PortBinding[] {
  return (service.ports ?? []).map((port) => ({
    target: port.target,
    protocol: port.protocol === 'udp' || port.protocol === 'sctp' ? port.protocol : 'tcp',
    ...(port.published !== undefined && { published: port.published }),
    ...(port.host_ip !== undefined && { hostIp: port.host_ip }),
  }));
}

function healthcheck(check: Healthcheck | undefined): HealthcheckSpec | undefined {
  if (!check) return undefined;
  if (check.disable === true) return { test: ['NONE'] };
  return {
    test: check.test ?? [],
    ...(check.interval !== undefined && { intervalNs: check.interval }),
    ...(check.timeout !== undefined && { timeoutNs: check.timeout }),
    ...(check.start_period !== undefined && { startPeriodNs: check.start_period }),
    ...(check.start_interval !== undefined && { startIntervalNs: check.start_interval }),
    ...(check.retries !== undefined && { retries: check.retries }),
  };
}

/** `no`, `always`, `unless-stopped`, `on-failure[:N]`. */
export function restartPolicy(restart: string | undefined): ContainerSpec['restart'] {
  if (restart === undefined) return undefined;
  const [name, count] = restart.split(':', 2);
  if (name === 'on-failure')
    return count === undefined ? { name } : { name, maximumRetryCount: Number.parseInt(count, 10) };
  if (name === 'always' || name === 'unless-stopped' || name === 'no') return { name };
  return { name: 'no' };
}

function labels(
  project: Project,
  service: ServiceConfig,
  number: number,
  inputs: ContainerSpecInputs,
): Record<string, string> {
  const dependsOn = serviceDependencies(service)
    .map((edge) => `${edge.service}:${edge.condition}:${edge.restart}`)
    .join(',');
  return {
    ...service.labels,
    [Label.project]: project.name,
    [Label.service]: service.name,
    [Label.containerNumber]: String(number),
    [Label.oneoff]: 'False',
    [Label.configHash]: serviceHash(project, service.name, inputs),
    [Label.serviceConfig]: recordedServiceConfig(project, service.name, inputs),
    [Label.workingDir]: project.workingDir,
    [Label.configFiles]: project.configFiles.join(','),
    [Label.dependsOn]: dependsOn,
    ...(inputs.imageId !== undefined && { [Label.image]: inputs.imageId }),
    [Label.version]: TSCOMPOSE_VERSION,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined | null): Partial<Record<K, V>> {
  return value === undefined || value === null ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * The container `number` of `serviceName` as the planner decides it: every
 * field resolved (names, labels, env, `service:x` → `container:<name>`), so a
 * backend only translates.
 */
export function containerSpecFor(
  project: Project,
  serviceName: string,
  number: number,
  inputs: ContainerSpecInputs,
): ContainerSpec {
  const service = project.services[serviceName];
  if (!service) throw new Error(`no such service: ${serviceName}`);
  const resolved = resolveServiceReferences(service, inputs);
  const name = containerName(project, service, number);
  const { mounts, tmpfsLeft } = serviceMounts(project, service);
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(resolved).sort()) {
    if (MODELLED_FIELDS.has(key) || key.startsWith('x-') || key === 'network_mode') continue;
    if (resolved[key] !== undefined) extra[key] = resolved[key];
  }
  if (tmpfsLeft.length > 0) extra.tmpfs = tmpfsLeft;
  const grace = service.stop_grace_period;
  return {
    name,
    image: serviceImage(project, service),
    labels: labels(project, service, number, inputs),
    env: Object.entries(service.environment ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([key, value]) => `${key}=${value}`),
    ...optional('command', service.command),
    ...optional('entrypoint', service.entrypoint),
    ...optional('workingDir', service.working_dir as string | undefined),
    ...optional('user', service.user as string | undefined),
    ...optional('hostname', service.hostname as string | undefined),
    ...optional('domainname', service.domainname as string | undefined),
    tty: service.tty === true,
    stdinOpen: service.stdin_open === true,
    ...optional('init', service.init as boolean | undefined),
    privileged: service.privileged === true,
    readOnly: service.read_only === true,
    ...optional('stopSignal', service.stop_signal as string | undefined),
    ...optional('stopTimeoutSeconds', grace === undefined ? undefined : Math.floor(grace / 1e9)),
    ports: ports(service),
    expose: Array.isArray(service.expose) ? service.expose.map(String) : [],
    mounts,
    ...optional('networkMode', resolved.network_mode as string | undefined),
    networks: networkAttachments(project, service, name),
    ...optional('healthcheck', healthcheck(service.healthcheck)),
    ...optional('restart', restartPolicy(service.restart)),
    extra,
  };
}
