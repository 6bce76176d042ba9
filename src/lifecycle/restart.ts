/**
 * `restart` as a library call. The engine port has no restart call, so a
 * restart is a stop (reverse dependency order) then a start (dependency order)
 * of every container of the services; without `--no-deps`, services that
 * declare `depends_on: {x: {restart: true}}` on a restarted service are
 * restarted too (compose's `prepareRestartProject`).
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import type { Action, Plan } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { runPlan, type RunOptions } from './apply.js';
import {
  containerPlan,
  containersOf,
  dependencyGraph,
  listProjectContainers,
  selectServices,
  startAction,
  startActionId,
  type ServiceContainer,
} from './containers.js';
import type { LifecycleRunResult } from './start.js';
import { stopActions } from './stop.js';

export interface RestartOptions extends RunOptions {
  readonly services: readonly string[];
  readonly noDeps: boolean;
}

/** The named services plus, transitively, dependents that asked to restart with them; dependency order. */
export function servicesToRestart(
  project: Project,
  services: readonly string[],
  noDeps: boolean,
): string[] {
  const selected = new Set(selectServices(project, services));
  if (!noDeps) {
    const graph = dependencyGraph(project);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [dependent, edges] of graph.dependencies)
        if (!selected.has(dependent) && edges.some((e) => e.restart && selected.has(e.service))) {
          selected.add(dependent);
          grew = true;
        }
    }
  }
  return selectServices(project, []).filter((name) => selected.has(name));
}

export function planRestart(
  project: Project,
  containers: readonly ServiceContainer[],
  services: readonly string[],
  noDeps: boolean,
): Plan {
  const restarted = servicesToRestart(project, services, noDeps);
  const graph = dependencyGraph(project);
  const stops = stopActions(project, containers, restarted, 'restart');
  const allStops = stops.map((a) => a.id);
  const inRestart = new Set(restarted);
  const starts: Action[] = [];
  for (const service of restarted) {
    const dependencyStarts = (graph.dependencies.get(service) ?? [])
      .filter((edge) => inRestart.has(edge.service))
      .flatMap((edge) => containersOf(containers, edge.service).map(startActionId));
    for (const container of containersOf(containers, service))
      starts.push(startAction(container, [...allStops, ...dependencyStarts], 'restart'));
  }
  return containerPlan(project.name, 'up', [...stops, ...starts]);
}

export async function restart(
  source: { readonly project: Project },
  engine: Engine,
  options: RestartOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<LifecycleRunResult> {
  const containers = await listProjectContainers(engine, source.project.name);
  const plan = planRestart(source.project, containers, options.services, options.noDeps);
  const result = await runPlan(plan, engine, options, onEvent);
  return { plan, ok: result.ok, result };
}
