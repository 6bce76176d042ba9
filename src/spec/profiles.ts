import type { Project, ServiceConfig } from './model.js';

export interface ApplyProfilesOptions {
  /** `--profile` values, else `COMPOSE_PROFILES` split on `,`. `*` activates everything. */
  readonly activeProfiles: readonly string[];
  /** Services named on the command line (`up web`). */
  readonly targetServices?: readonly string[];
}

function isEnabled(service: ServiceConfig, active: ReadonlySet<string>): boolean {
  const profiles = service.profiles ?? [];
  // A service without profiles is always on.
  if (profiles.length === 0 || active.has('*')) return true;
  return profiles.some((profile) => active.has(profile));
}

/**
 * §9: keeps the services enabled by the active profiles; the others move to
 * `disabledServices`. Targeting a disabled service activates its profiles, so
 * its same-profile dependencies come along. Top-level resources are never filtered.
 */
export function applyProfiles(project: Project, options: ApplyProfilesOptions): Project {
  // Enabled services win over disabled ones of the same name. Looked up in place:
  // spreading both sets into one object cost more than the rest of this step.
  const find = (name: string): ServiceConfig | undefined =>
    Object.hasOwn(project.services, name)
      ? project.services[name]
      : Object.hasOwn(project.disabledServices, name)
        ? project.disabledServices[name]
        : undefined;
  const active = new Set(options.activeProfiles);
  for (const target of options.targetServices ?? []) {
    const service = find(target);
    if (service && !isEnabled(service, active))
      for (const profile of service.profiles ?? []) active.add(profile);
  }
  const services: Record<string, ServiceConfig> = {};
  const disabledServices: Record<string, ServiceConfig> = {};
  // Keep the declaration order of the model for both sets. `Object.hasOwn`, not
  // `in`: a service may be named `constructor`.
  for (const names of [Object.keys(project.services), Object.keys(project.disabledServices)]) {
    for (const name of names) {
      if (Object.hasOwn(services, name) || Object.hasOwn(disabledServices, name)) continue;
      const service = find(name)!;
      if (isEnabled(service, active)) services[name] = service;
      else disabledServices[name] = service;
    }
  }
  return { ...project, services, disabledServices, profiles: [...active] };
}

/** Every profile name used by any service, enabled or not, sorted (`config --profiles`). */
export function listProfiles(project: Project): string[] {
  const names = new Set<string>();
  for (const service of [
    ...Object.values(project.services),
    ...Object.values(project.disabledServices),
  ]) {
    for (const profile of service.profiles ?? []) names.add(profile);
  }
  return [...names].sort();
}
