/**
 * What `pull`, `push` and `build` share: a plan of image actions, applied
 * through the executor with progress events, or stopped by its blockers.
 */
import type { Engine } from '../engine/types.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import type { Plan } from '../planner/types.js';
import { runPlan, type RunOptions } from './apply.js';

export type ImageCommandResult =
  | { readonly status: 'blocked'; readonly plan: Plan }
  | {
      readonly status: 'applied';
      readonly plan: Plan;
      readonly ok: boolean;
      readonly result: ApplyResult;
    };

export async function applyImagePlan(
  plan: Plan,
  engine: Engine,
  options: RunOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<ImageCommandResult> {
  if (plan.blockers.length > 0) return { status: 'blocked', plan };
  for (const message of plan.warnings) onEvent({ type: 'warning', message });
  const result = await runPlan(plan, engine, options, onEvent);
  return { status: 'applied', plan, ok: result.ok, result };
}
