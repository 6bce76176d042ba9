import type { Project } from '../spec/model.js';
import type { PlanBuilder } from './plan-builder.js';
import { stopAndRemove } from './plan-removal.js';
import type { ActualState, ObservedContainer } from './types.js';

/**
 * Containers of this project whose service is neither enabled nor disabled by
 * a profile (compose `isOrphaned`); one-off containers are never touched.
 */
export function orphanContainers(project: Project, actual: ActualState): ObservedContainer[] {
  return actual.containers
    .filter(
      (container) =>
        !container.oneoff &&
        !(container.service in project.services) &&
        !(container.service in project.disabledServices),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Warns about orphans, or (with `--remove-orphans`) stops and removes them. Returns the remove ids. */
export function planOrphans(
  builder: PlanBuilder,
  project: Project,
  actual: ActualState,
  options: { readonly removeOrphans: boolean; readonly volumes?: boolean },
): string[] {
  const orphans = orphanContainers(project, actual);
  if (orphans.length === 0) return [];
  if (!options.removeOrphans) {
    builder.warn(
      `Found orphan containers (${orphans.map((c) => c.name).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
    );
    return [];
  }
  const reason = 'orphan (service removed from compose file)';
  return orphans.map(
    (container) =>
      stopAndRemove(builder, container, { reason, volumes: options.volumes ?? false }).remove,
  );
}
