/**
 * `rm` as a library call: removes the stopped containers of the selected
 * services (one-off `run` containers included, as compose does); running ones
 * only with `stop` (`-s`), stopped first. Unordered: all removals in parallel.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import type { Action, Plan } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { runPlan, type RunOptions } from './apply.js';
import {
  containerPlan,
  isActive,
  removeAction,
  selectServices,
  stopAction,
  stopActionId,
  type ServiceContainer,
} from './containers.js';
import type { LifecycleRunResult } from './start.js';

export interface RmOptions extends RunOptions {
  readonly services: readonly string[];
  /** `-s`: stop running containers first (else they are left alone). */
  readonly stop: boolean;
  /** `-v`: remove the containers' anonymous volumes. */
  readonly volumes: boolean;
}

/** The containers `rm` would remove, by name order. */
export function containersToRemove(
  project: Project,
  containers: readonly ServiceContainer[],
  options: Pick<RmOptions, 'services' | 'stop'>,
): ServiceContainer[] {
  const services = new Set(selectServices(project, options.services));
  return containers.filter(
    (c) => services.has(c.service) && (options.stop || (!isActive(c) && c.state !== 'removing')),
  );
}

export function planRm(
  projectName: string,
  targets: readonly ServiceContainer[],
  volumes: boolean,
): Plan {
  const actions: Action[] = [];
  for (const container of targets) {
    const running = isActive(container);
    if (running) actions.push(stopAction(container, [], 'rm --stop'));
    actions.push(removeAction(container, running ? [stopActionId(container)] : [], 'rm', volumes));
  }
  return containerPlan(projectName, 'down', actions);
}

export async function rm(
  projectName: string,
  targets: readonly ServiceContainer[],
  engine: Engine,
  options: RmOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<LifecycleRunResult> {
  const plan = planRm(projectName, targets, options.volumes);
  const result = await runPlan(plan, engine, options, onEvent);
  return { plan, ok: result.ok, result };
}
