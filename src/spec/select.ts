import { ComposeError } from './diagnostics.js';
import type { Project } from './model.js';

/**
 * Keeps the named services and every service they depend on (transitively), as
 * `docker compose config web` does. Other top-level resources are kept whole.
 */
export function selectServices(project: Project, names: readonly string[]): Project {
  if (names.length === 0) return project;
  const unknown = names.filter((name) => !(name in project.services));
  if (unknown.length > 0) {
    throw ComposeError.of({
      code: 'service.unknown',
      message: `no such service: ${unknown.join(', ')}`,
    });
  }
  const selected = new Set<string>();
  const visit = (name: string): void => {
    if (selected.has(name) || !(name in project.services)) return;
    selected.add(name);
    for (const dependency of Object.keys(project.services[name]!.depends_on ?? {}))
      visit(dependency);
  };
  names.forEach(visit);
  // Services left out move to `disabledServices` (as compose-go does): they are
  // still part of the project, so their containers are not orphans.
  const entries = Object.entries(project.services);
  const services = Object.fromEntries(entries.filter(([name]) => selected.has(name)));
  const unselected = Object.fromEntries(entries.filter(([name]) => !selected.has(name)));
  return { ...project, services, disabledServices: { ...project.disabledServices, ...unselected } };
}
