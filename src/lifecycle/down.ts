/**
 * `down` as a library call: observe → plan → apply. With no compose file the
 * caller passes a project rebuilt from labels (project-from-labels.ts).
 */
import { observeProject } from '../engine/observe.js';
import type { Engine } from '../engine/types.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import { planDown } from '../planner/index.js';
import type { DownPlanOptions, Plan } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import { runPlan, type RunOptions } from './apply.js';
import { withProjectLock, type ProjectLockOptions } from './lock.js';

export interface DownOptions extends RunOptions {
  readonly plan: DownPlanOptions;
  /** Project lock options (lock.ts); by default a wait is reported as a `warning` event. */
  readonly lock?: ProjectLockOptions;
}

export type DownResult =
  | { readonly status: 'blocked'; readonly plan: Plan }
  | {
      readonly status: 'applied';
      readonly plan: Plan;
      readonly ok: boolean;
      readonly result: ApplyResult;
    };

export async function planProjectDown(
  project: Project,
  engine: Engine,
  options: DownPlanOptions,
): Promise<Plan> {
  return planDown(project, await observeProject(engine, project), options);
}

/** Holds the project lock (lock.ts) while it observes, plans and applies. */
export function down(
  source: { readonly project: Project },
  engine: Engine,
  options: DownOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<DownResult> {
  const lock: ProjectLockOptions = {
    onWait: (_holder, message) => onEvent({ type: 'warning', message }),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...options.lock,
  };
  return withProjectLock(engine.endpoint, source.project.name, lock, () =>
    downLocked(source, engine, options, onEvent),
  );
}

async function downLocked(
  source: { readonly project: Project },
  engine: Engine,
  options: DownOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<DownResult> {
  const plan = await planProjectDown(source.project, engine, options.plan);
  if (plan.blockers.length > 0) return { status: 'blocked', plan };
  for (const message of plan.warnings) onEvent({ type: 'warning', message });
  const timeoutSeconds = options.timeoutSeconds ?? options.plan.timeoutSeconds;
  const result = await runPlan(
    plan,
    engine,
    { ...options, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) },
    onEvent,
  );
  return { status: 'applied', plan, ok: result.ok, result };
}
