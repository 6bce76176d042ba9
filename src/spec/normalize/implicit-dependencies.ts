import { isMapping, type RawMapping } from '../raw.js';

const SERVICE_REFERENCE_KEYS = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'];

/**
 * Services that a service needs without saying so in `depends_on` (§10.4):
 * `links`, `<key>: service:x` (restarted with x) and `volumes_from` (not restarted).
 * The value is the `restart` flag of the implicit dependency.
 */
export function implicitDependencies(service: RawMapping): Map<string, boolean> {
  const dependencies = new Map<string, boolean>();
  if (Array.isArray(service.links)) {
    for (const link of service.links) dependencies.set(String(link).split(':')[0]!, true);
  }
  for (const key of SERVICE_REFERENCE_KEYS) {
    const value = service[key];
    if (typeof value === 'string' && value.startsWith('service:')) {
      dependencies.set(value.slice('service:'.length), true);
    }
  }
  if (Array.isArray(service.volumes_from)) {
    for (const source of service.volumes_from) {
      const text = String(source);
      if (text.startsWith('container:')) continue;
      const name = text.split(':')[0]!;
      if (!dependencies.has(name)) dependencies.set(name, false);
    }
  }
  return dependencies;
}

/** Adds the implicit dependencies to `depends_on`, never overriding an explicit entry. */
export function withImplicitDependencies(service: RawMapping): RawMapping {
  const implicit = implicitDependencies(service);
  if (implicit.size === 0) return service;
  const dependsOn: RawMapping = isMapping(service.depends_on) ? { ...service.depends_on } : {};
  for (const [name, restart] of implicit) {
    if (name in dependsOn) continue;
    dependsOn[name] = { condition: 'service_started', restart, required: true };
  }
  return { ...service, depends_on: dependsOn };
}
