import { createHash } from 'node:crypto';
import { serviceToComposeModel } from '../spec/canonical.js';
import type { NetworkConfig, Project, VolumeConfig } from '../spec/model.js';
import { Label } from '../engine/types.js';
import { canonicalJson, hashedServiceFields, serviceConfigHash } from './config-hash.js';
import { NAMESPACE_KEYS } from './graph.js';

/** How `service:x` references resolve: the name of x's first container (lowest number). */
export interface ResolvedNames {
  containerName(service: string): string | undefined;
}

/**
 * Rewrites `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:x` to `container:<name>`
 * and `volumes_from: x[:mode]` to `container:<name>[:mode]`, as Docker Compose does
 * before hashing and creating. Unresolvable references are left as written.
 */
export function resolveServiceReferences(
  model: Readonly<Record<string, unknown>>,
  resolved: ResolvedNames,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...model };
  for (const key of NAMESPACE_KEYS) {
    const value = result[key];
    if (typeof value !== 'string' || !value.startsWith('service:')) continue;
    const name = resolved.containerName(value.slice('service:'.length));
    if (name !== undefined) result[key] = `container:${name}`;
  }
  if (Array.isArray(result.volumes_from)) {
    result.volumes_from = result.volumes_from.map((source: unknown) => {
      const text = String(source);
      if (text.startsWith('container:')) return text;
      const [service, ...mode] = text.split(':');
      const name = resolved.containerName(service!);
      return name === undefined ? text : ['container:' + name, ...mode].join(':');
    });
  }
  return result;
}

/** The config hash a container of `serviceName` carries (docs/config-hash.md), references resolved. */
export function serviceHash(
  project: Project,
  serviceName: string,
  resolved: ResolvedNames,
): string {
  return serviceConfigHash(resolvedServiceModel(project, serviceName, resolved));
}

/** What the `io.tscompose.service-config` label records: the hashed fields as canonical JSON. */
export function recordedServiceConfig(
  project: Project,
  serviceName: string,
  resolved: ResolvedNames,
): string {
  return canonicalJson(hashedServiceFields(resolvedServiceModel(project, serviceName, resolved)));
}

function resolvedServiceModel(project: Project, serviceName: string, resolved: ResolvedNames) {
  const service = project.services[serviceName] ?? project.disabledServices[serviceName];
  if (!service) throw new Error(`no such service: ${serviceName}`);
  return resolveServiceReferences(serviceToComposeModel(service), resolved);
}

/**
 * The configuration a container was created from, read back from its label,
 * trusted only when it still hashes to the container's config-hash label.
 */
export function previousServiceConfigFromLabels(
  labels: Readonly<Record<string, string>>,
): Record<string, unknown> | undefined {
  const recorded = labels[Label.serviceConfig];
  if (recorded === undefined) return undefined;
  try {
    const parsed = JSON.parse(recorded) as Record<string, unknown>;
    return serviceConfigHash(parsed) === labels[Label.configHash] ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Hash of a network's whole configuration (label `com.docker.compose.config-hash`). */
export function networkConfigHash(network: NetworkConfig): string {
  return sha256(network);
}

/** Hash of a volume's configuration with the driver defaulted to `local`, as compose does. */
export function volumeConfigHash(volume: VolumeConfig): string {
  return sha256({ ...volume, driver: volume.driver ?? 'local' });
}
