/**
 * `start` as a library call: starts the existing stopped containers of the
 * selected services, dependencies first, waiting for each `depends_on`
 * condition between selected services as `up` does; never creates anything.
 */
import type { Engine } from '../engine/types.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import type { Action, Plan } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { mergeResults, runPlan, type RunOptions } from './apply.js';
import {
  containerPlan,
  containersOf,
  dependencyGraph,
  isActive,
  LifecycleError,
  listProjectContainers,
  selectServices,
  startAction,
  startActionId,
  type ServiceContainer,
} from './containers.js';
import { waitForServices } from './wait-services.js';

export interface StartOptions extends RunOptions {
  readonly services: readonly string[];
  /** `--wait`: wait for running/healthy services after starting. */
  readonly wait: boolean;
  /** `--wait-timeout`, ms; also bounds the dependency waits. */
  readonly waitTimeoutMs?: number;
}

export interface LifecycleRunResult {
  readonly plan: Plan;
  readonly ok: boolean;
  readonly result: ApplyResult;
}

/** The start plan for the observed containers; throws when a selected service has none. */
export function planStart(
  project: Project,
  containers: readonly ServiceContainer[],
  services: readonly string[],
): Plan {
  const graph = dependencyGraph(project);
  const selected = selectServices(project, services);
  const inSelection = new Set(selected);
  const actions: Action[] = [];
  const startIds = new Map<string, string[]>();
  for (const service of selected) {
    const own = containersOf(containers, service);
    if (own.length === 0)
      throw new LifecycleError(
        'lifecycle.no-container',
        `service ${service} has no container to start`,
      );
    const toStart = own.filter((c) => !isActive(c));
    startIds.set(service, toStart.map(startActionId));
    if (toStart.length === 0) continue;
    const after: string[] = [];
    for (const edge of graph.dependencies.get(service) ?? []) {
      if (!inSelection.has(edge.service)) continue;
      const dependencyStarts = startIds.get(edge.service) ?? [];
      if (edge.condition === 'service_started') {
        after.push(...dependencyStarts);
        continue;
      }
      const waitId = `wait:${edge.service}:${edge.condition}`;
      if (!actions.some((a) => a.id === waitId))
        actions.push({
          type: 'container.wait',
          id: waitId,
          after: dependencyStarts,
          reason: `${service} depends on it (${edge.condition})`,
          service: edge.service,
          condition: edge.condition,
          required: edge.required,
        });
      after.push(waitId);
    }
    for (const container of toStart) actions.push(startAction(container, after, 'start'));
  }
  return containerPlan(project.name, 'up', actions);
}

export async function start(
  source: { readonly project: Project },
  engine: Engine,
  options: StartOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<LifecycleRunResult> {
  const project = source.project;
  const containers = await listProjectContainers(engine, project.name);
  const plan = planStart(project, containers, options.services);
  let result = await runPlan(plan, engine, options, onEvent);
  if (options.wait && result.ok && !options.signal?.aborted) {
    const failures = await waitForServices(
      project,
      engine,
      {
        services: selectServices(project, options.services),
        ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
      },
      onEvent,
    );
    if (failures.length > 0)
      result = mergeResults(result, {
        ok: false,
        done: [],
        failed: failures.map(({ service, error }) => ({ id: `wait:${service}`, error })),
        skipped: [],
      });
  }
  return { plan, ok: result.ok, result };
}
