/**
 * Checks of a create body that Docker makes before anything is created, with
 * Docker's messages (400). What the built-in engine cannot honour is refused
 * here too, naming the field, rather than silently ignored.
 */
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';
import { parseHostPort, parsePortKey } from './port-specs.js';

const MIN_MEMORY = 6 * 1024 * 1024;
const MS_IN_NS = 1_000_000;

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RestartPolicy {
  readonly name: RestartPolicyName;
  readonly maximumRetryCount: number;
}

function bad(message: string): EngineApiError {
  return new EngineApiError(400, message);
}

export function parseRestartPolicy(policy: Dockerode.HostRestartPolicy | undefined): RestartPolicy {
  const name = policy?.Name ?? '';
  const max = policy?.MaximumRetryCount ?? 0;
  switch (name) {
    case '':
    case 'no':
    case 'always':
    case 'unless-stopped':
      if (max !== 0) {
        throw bad(`maximum retry count cannot be used with restart policy '${name}'`);
      }
      return { name: name === '' ? 'no' : name, maximumRetryCount: 0 };
    case 'on-failure':
      if (max < 0) throw bad('maximum retry count cannot be negative');
      return { name, maximumRetryCount: max };
    default:
      throw bad(`invalid restart policy '${name}'`);
  }
}

function validateHealthcheck(health: Dockerode.HealthConfig | undefined): void {
  if (health === undefined || health === null) return;
  for (const key of ['Interval', 'Timeout', 'StartPeriod'] as const) {
    const value = health[key] ?? 0;
    if (value !== 0 && value < MS_IN_NS) {
      throw bad(`${key} in Healthcheck cannot be less than 1ms`);
    }
  }
  if ((health.Retries ?? 0) < 0) throw bad('Retries in Healthcheck cannot be negative');
}

function validatePorts(hostConfig: Dockerode.HostConfig): void {
  const bindings = (hostConfig.PortBindings ?? {}) as Record<
    string,
    Dockerode.PortBinding[] | null
  >;
  for (const [key, list] of Object.entries(bindings)) {
    parsePortKey(key);
    for (const binding of list ?? []) parseHostPort(binding.HostPort);
  }
}

/** The network mode's kind; `default` is Docker's alias of `bridge`. */
export function networkModeKind(
  mode: string | undefined,
):
  | { kind: 'host' | 'none' }
  | { kind: 'container'; ref: string }
  | { kind: 'network'; name: string } {
  const value = mode === undefined || mode === '' || mode === 'default' ? 'bridge' : mode;
  if (value === 'host' || value === 'none') return { kind: value };
  if (value.startsWith('container:')) {
    const ref = value.slice('container:'.length);
    if (ref === '') throw bad(`invalid network mode: ${value}`);
    return { kind: 'container', ref };
  }
  return { kind: 'network', name: value };
}

export function validateCreateBody(body: Dockerode.ContainerCreateOptions): RestartPolicy {
  if (body === null || typeof body !== 'object') {
    throw bad('Config cannot be empty in order to create a container');
  }
  if (typeof body.Image !== 'string' || body.Image === '') {
    throw bad('No image specified: set "Image" in the create body');
  }
  const hostConfig = body.HostConfig ?? {};
  const policy = parseRestartPolicy(hostConfig.RestartPolicy);
  if (hostConfig.AutoRemove && policy.name !== 'no') {
    throw bad("can't create 'AutoRemove' container with restart policy");
  }
  validatePorts(hostConfig);
  validateHealthcheck(body.Healthcheck);
  if (hostConfig.Memory !== undefined && hostConfig.Memory > 0 && hostConfig.Memory < MIN_MEMORY) {
    throw bad('Minimum memory limit allowed is 6MB');
  }
  if (
    hostConfig.Memory !== undefined &&
    hostConfig.MemorySwap !== undefined &&
    hostConfig.Memory > 0 &&
    hostConfig.MemorySwap > 0 &&
    hostConfig.MemorySwap < hostConfig.Memory
  ) {
    throw bad('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  const mode = networkModeKind(hostConfig.NetworkMode);
  const endpoints = Object.keys(body.NetworkingConfig?.EndpointsConfig ?? {});
  if (mode.kind !== 'network' && endpoints.length > 0 && !endpoints.includes(mode.kind)) {
    throw bad(
      `conflicting options: network mode "${hostConfig.NetworkMode}" cannot be combined with other networks`,
    );
  }
  if (hostConfig.VolumesFrom && (hostConfig.VolumesFrom as unknown[]).length > 0) {
    throw new EngineApiError(501, 'HostConfig.VolumesFrom is not supported by the built-in engine');
  }
  return policy;
}
