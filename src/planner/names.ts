import type { Project, ServiceConfig } from '../spec/model.js';

/** `<project>-<service>-<n>` unless `container_name` is set (Docker Compose's naming). */
export function containerName(project: Project, service: ServiceConfig, number: number): string {
  return service.container_name ?? `${project.name}-${service.name}-${number}`;
}

/** The image a service runs: `image:` as written, else the built image `<project>-<service>`. */
export function serviceImage(project: Project, service: ServiceConfig): string {
  return service.image ?? `${project.name}-${service.name}`;
}

/** Engine-side name of a project network key (`default` → `<project>_default` when not declared). */
export function networkName(project: Project, key: string): string {
  return project.networks[key]?.name ?? `${project.name}_${key}`;
}

/** Engine-side name of a project volume key. */
export function volumeName(project: Project, key: string): string {
  return project.volumes[key]?.name ?? `${project.name}_${key}`;
}

/** The value `com.docker.compose.version` carries on what tscompose creates. */
export const TSCOMPOSE_VERSION = '0.1.0';

/** Short image id for reasons: `sha256:0123456789ab`. */
export function shortImageId(id: string): string {
  const [algorithm, hex] = id.includes(':') ? id.split(':', 2) : ['sha256', id];
  return `${algorithm}:${(hex ?? '').slice(0, 12)}`;
}
