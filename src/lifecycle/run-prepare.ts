/**
 * What `run SERVICE` does before creating its one-off container: SERVICE's
 * dependencies converged through `up` (their own conditions honoured by its
 * plan), then SERVICE's networks, volumes and image, and the waits for its
 * `depends_on` conditions (planner/plan-run.ts). `--no-deps` skips the first
 * part and the waits. Blockers stop before anything changes.
 */
import { observeProject } from '../engine/observe.js';
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent, ApplyResult } from '../executor/types.js';
import { dependencyGraph, withDependencies } from '../planner/index.js';
import { planRunPrerequisites } from '../planner/plan-run.js';
import type { Plan, PullPolicy, UpPlanOptions } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { EMPTY_RESULT, mergeResults, runPlan, type RunOptions } from './apply.js';
import { withProjectLock, type ProjectLockOptions } from './lock.js';
import { up } from './up.js';

export interface RunPrepareOptions extends RunOptions {
  readonly service: string;
  readonly noDeps: boolean;
  /** `--build` → always; default auto (build a missing image that can be built). */
  readonly build: UpPlanOptions['build'];
  /** `--pull`; undefined = each service's `pull_policy`. */
  readonly pull?: PullPolicy;
  readonly removeOrphans: boolean;
  readonly waitTimeoutMs?: number;
  readonly lock?: ProjectLockOptions;
}

export type RunPrepareResult =
  | { readonly status: 'blocked'; readonly plan: Plan }
  | { readonly status: 'applied'; readonly ok: boolean; readonly result: ApplyResult };

/** The services `run SERVICE` brings up first: its dependencies, transitively, without itself. */
export function runDependencies(project: Project, service: string, noDeps: boolean): string[] {
  if (noDeps) return [];
  const graph = dependencyGraph(project);
  const wanted = withDependencies(graph, [service]);
  return graph.order.filter((name) => name !== service && wanted.has(name));
}

export async function prepareRun(
  source: { readonly project: Project },
  engine: Engine,
  options: RunPrepareOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<RunPrepareResult> {
  const project = source.project;
  const dependencies = runDependencies(project, options.service, options.noDeps);
  const plan: UpPlanOptions = {
    kind: 'up',
    services: dependencies,
    noDeps: false,
    recreate: 'diverged',
    recreateDependencies: 'diverged',
    renewAnonVolumes: false,
    scale: {},
    removeOrphans: options.removeOrphans,
    build: options.build,
    ...(options.pull !== undefined ? { pull: options.pull } : {}),
    noStart: false,
    now: options.now?.() ?? Date.now(),
  };
  const lock: ProjectLockOptions = {
    onWait: (_holder, message) => onEvent({ type: 'warning', message }),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...options.lock,
  };
  let result = EMPTY_RESULT;
  if (dependencies.length > 0) {
    const outcome = await up(source, engine, { ...options, plan, wait: false, lock }, onEvent);
    if (outcome.status === 'blocked') return outcome;
    if (!outcome.ok || options.signal?.aborted)
      return { status: 'applied', ok: outcome.ok, result: outcome.result };
    result = outcome.result;
  }
  return withProjectLock(engine.endpoint, project.name, lock, async () => {
    const actual = await observeProject(engine, project);
    const own = planRunPrerequisites(project, actual, options.service, {
      ...plan,
      services: [options.service],
      noDeps: options.noDeps,
    });
    if (own.blockers.length > 0) return { status: 'blocked', plan: own };
    for (const message of own.warnings) onEvent({ type: 'warning', message });
    const merged = mergeResults(result, await runPlan(own, engine, options, onEvent));
    return { status: 'applied', ok: merged.ok, result: merged };
  });
}
