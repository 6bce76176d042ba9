/**
 * `stop` as a library call: stops the running containers of the selected
 * services in reverse dependency order — a service only after every selected
 * service that depends on it — so independent ones stop in parallel, level by level.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import { withDependents } from '../planner/index.js';
import type { Action, Plan } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { runPlan, type RunOptions } from './apply.js';
import {
  containerPlan,
  containersOf,
  dependencyGraph,
  isActive,
  listProjectContainers,
  selectServices,
  stopAction,
  stopActionId,
  type ServiceContainer,
} from './containers.js';
import type { LifecycleRunResult } from './start.js';

export interface StopOptions extends RunOptions {
  readonly services: readonly string[];
}

/** Stop actions for the active containers of `services`, each after its selected dependents' stops. */
export function stopActions(
  project: Project,
  containers: readonly ServiceContainer[],
  services: readonly string[],
  reason: string,
): Action[] {
  const graph = dependencyGraph(project);
  const selected = new Set(services);
  const stopIdsOf = (service: string) =>
    containersOf(containers, service).filter(isActive).map(stopActionId);
  const actions: Action[] = [];
  for (const service of services) {
    const after = [...withDependents(graph, [service])]
      .filter((other) => other !== service && selected.has(other))
      .flatMap(stopIdsOf);
    for (const container of containersOf(containers, service).filter(isActive))
      actions.push(stopAction(container, after, reason));
  }
  return actions;
}

export function planStop(
  project: Project,
  containers: readonly ServiceContainer[],
  services: readonly string[],
): Plan {
  const selected = selectServices(project, services);
  return containerPlan(project.name, 'down', stopActions(project, containers, selected, 'stop'));
}

export async function stop(
  source: { readonly project: Project },
  engine: Engine,
  options: StopOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<LifecycleRunResult> {
  const containers = await listProjectContainers(engine, source.project.name);
  const plan = planStop(source.project, containers, options.services);
  const result = await runPlan(plan, engine, options, onEvent);
  return { plan, ok: result.ok, result };
}
