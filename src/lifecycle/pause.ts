/** `pause` and `unpause` as library calls: every running (resp. paused) container of the selected services, in parallel. */
import type { Engine } from '../engine/types.js';
import type { Project } from '../spec/model.js';
import { listProjectContainers, selectServices } from './containers.js';
import { operate, type OperationEvent, type OperationResult } from './operate.js';

export async function pause(
  project: Project,
  engine: Engine,
  services: readonly string[],
  onEvent: (event: OperationEvent) => void,
  options: { readonly dryRun?: boolean } = {},
): Promise<OperationResult> {
  return pauseOrUnpause(project, engine, services, 'pause', onEvent, options);
}

export async function unpause(
  project: Project,
  engine: Engine,
  services: readonly string[],
  onEvent: (event: OperationEvent) => void,
  options: { readonly dryRun?: boolean } = {},
): Promise<OperationResult> {
  return pauseOrUnpause(project, engine, services, 'unpause', onEvent, options);
}

async function pauseOrUnpause(
  project: Project,
  engine: Engine,
  services: readonly string[],
  operation: 'pause' | 'unpause',
  onEvent: (event: OperationEvent) => void,
  options: { readonly dryRun?: boolean },
): Promise<OperationResult> {
  const selected = new Set(selectServices(project, services));
  const from = operation === 'pause' ? 'running' : 'paused';
  const containers = (await listProjectContainers(engine, project.name)).filter(
    (c) => !c.oneoff && selected.has(c.service) && c.state === from,
  );
  return operate(engine, operation, containers, onEvent, options);
}
