/**
 * `kill` as a library call: a signal (default SIGKILL) to every running
 * container of the selected services; with `removeOrphans`, containers of
 * services no longer in the project are killed as well.
 */
import type { Engine } from '../engine/types.js';
import type { Project } from '../spec/model.js';
import { listProjectContainers, selectServices } from './containers.js';
import { operate, type OperationEvent, type OperationResult } from './operate.js';

export interface KillOptions {
  readonly services: readonly string[];
  readonly signal: string;
  readonly removeOrphans: boolean;
  /** Report what would be killed, kill nothing. */
  readonly dryRun?: boolean;
}

export async function kill(
  project: Project,
  engine: Engine,
  options: KillOptions,
  onEvent: (event: OperationEvent) => void,
): Promise<OperationResult> {
  const services = new Set(selectServices(project, options.services));
  const containers = (await listProjectContainers(engine, project.name)).filter(
    (c) =>
      !c.oneoff &&
      c.state === 'running' &&
      (services.has(c.service) || (options.removeOrphans && !(c.service in project.services))),
  );
  return operate(engine, 'kill', containers, onEvent, {
    signal: options.signal,
    ...(options.dryRun ? { dryRun: true } : {}),
  });
}
