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
  // A plain loop: `Object.entries(...).flatMap` allocated two arrays per service
  // for every rule, and nearly all of them are empty.
  const findings: Finding[] = [];
  const services = project.services;
  for (const name of Object.keys(services)) {
    const found = check(services[name]!, name);
    for (const finding of found) findings.push(finding);
  }
  return findings;
}
