import type { KeyPath } from '../key-path.js';
import type { Project, ServiceConfig } from '../model.js';

/** One problem found by a rule; the runner adds severity and source position. */
export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly path: KeyPath;
}

/** A named semantic check over the profile-filtered project (§12). */
export interface ConsistencyRule {
  readonly name: string;
  check(project: Project): Finding[];
}

/** Runs `check` on every enabled service and gathers what it finds. */
export function eachService(
  project: Project,
  check: (service: ServiceConfig, name: string) => Finding[],
): Finding[] {
  return Object.entries(project.services).flatMap(([name, service]) => check(service, name));
}
