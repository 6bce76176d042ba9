/**
 * `up` as a library call: observe → plan → apply with progress events → (when
 * the plan pulled or built images) observe and plan once more, since a new image
 * can change which containers must be recreated → optionally wait for the
 * services (`--wait`). Blockers stop before anything changes.
 */
import { observeProject } from '../engine/observe.js';
import type { Engine } from '../engine/types.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import { dependencyGraph, expectedScale, planUp, withDependencies } from '../planner/index.js';
import type { Plan, UpPlanOptions } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { mergeResults, runPlan, type RunOptions } from './apply.js';
import { waitForServices, type WaitFailure } from './wait-services.js';
import { withProjectLock, type ProjectLockOptions } from './lock.js';

export interface UpOptions extends RunOptions {
  readonly plan: UpPlanOptions;
  /** `--wait`: wait for running/healthy services after applying. */
  readonly wait: boolean;
  /** `--wait-timeout`, ms; also bounds the plan's own dependency waits. */
  readonly waitTimeoutMs?: number;
  /** Project lock options (lock.ts); by default a wait is reported as a `warning` event. */
  readonly lock?: ProjectLockOptions;
}

export type UpResult =
  | { readonly status: 'blocked'; readonly plan: Plan }
  | {
      readonly status: 'applied';
      readonly plan: Plan;
      /** The second plan, when image actions made one necessary and it had actions. */
      readonly replan?: Plan;
      readonly ok: boolean;
      readonly result: ApplyResult;
      readonly waitFailures: readonly WaitFailure[];
    };

/** The plan `up` would apply now (also what `up --dry-run` prints). */
export async function planProjectUp(
  project: Project,
  engine: Engine,
  options: UpPlanOptions,
): Promise<Plan> {
  return planUp(project, await observeProject(engine, project), options);
}

const hasImageActions = (plan: Plan) =>
  plan.actions.some((a) => a.type === 'image.pull' || a.type === 'image.build');

/**
 * Options for the second plan: images are now what the first run made them, so
 * neither pull nor build again, and a forced recreate already happened.
 */
function replanOptions(options: UpPlanOptions): UpPlanOptions {
  return {
    ...options,
    pull: 'never',
    build: 'never',
    recreate: options.recreate === 'never' ? 'never' : 'diverged',
    recreateDependencies: options.recreateDependencies === 'never' ? 'never' : 'diverged',
    renewAnonVolumes: false,
  };
}

/** Services `--wait` waits for: those `up` selected (with dependencies unless `--no-deps`), scaled above 0. */
export function servicesToWaitFor(project: Project, options: UpPlanOptions): string[] {
  const names =
    options.services.length === 0
      ? Object.keys(project.services)
      : options.noDeps
        ? options.services
        : [...withDependencies(dependencyGraph(project), options.services)];
  return names
    .filter((name) => {
      const service = project.services[name];
      return service !== undefined && expectedScale(service, options.scale) > 0;
    })
    .sort();
}

/** Holds the project lock (lock.ts) for the whole converge, so concurrent `up`s cannot duplicate containers. */
export function up(
  source: { readonly project: Project },
  engine: Engine,
  options: UpOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<UpResult> {
  const lock: ProjectLockOptions = {
    onWait: (_holder, message) => onEvent({ type: 'warning', message }),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...options.lock,
  };
  return withProjectLock(engine.endpoint, source.project.name, lock, () =>
    upLocked(source, engine, options, onEvent),
  );
}

async function upLocked(
  source: { readonly project: Project },
  engine: Engine,
  options: UpOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<UpResult> {
  const project = source.project;
  const plan = await planProjectUp(project, engine, options.plan);
  if (plan.blockers.length > 0) return { status: 'blocked', plan };
  for (const message of plan.warnings) onEvent({ type: 'warning', message });
  let result = await runPlan(plan, engine, options, onEvent);
  let replan: Plan | undefined;
  if (result.ok && hasImageActions(plan) && !options.signal?.aborted) {
    const second = await planProjectUp(project, engine, replanOptions(options.plan));
    if (second.blockers.length > 0) return { status: 'blocked', plan: second };
    if (second.actions.length > 0) {
      replan = second;
      result = mergeResults(result, await runPlan(second, engine, options, onEvent));
    }
  }
  let waitFailures: WaitFailure[] = [];
  if (options.wait && result.ok && !options.plan.noStart && !options.signal?.aborted) {
    waitFailures = await waitForServices(
      project,
      engine,
      {
        services: servicesToWaitFor(project, options.plan),
        ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
      },
      onEvent,
    );
    if (waitFailures.length > 0) {
      result = mergeResults(result, {
        ok: false,
        done: [],
        failed: waitFailures.map(({ service, error }) => ({ id: `wait:${service}`, error })),
        skipped: [],
      });
    }
  }
  return {
    status: 'applied',
    plan,
    ...(replan !== undefined ? { replan } : {}),
    ok: result.ok,
    result,
    waitFailures,
  };
}
