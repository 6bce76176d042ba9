/** What `up` and `down` share: running a plan through the executor and combining results. */
import type { Engine } from '../engine/types.js';
import { applyPlan } from '../executor/index.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import type { Plan } from '../planner/types.js';

export interface RunOptions {
  /** Most actions in flight; -1 = unbounded. */
  readonly parallel: number;
  /** Aborted on the first Ctrl-C: what has not started is not started. */
  readonly signal?: AbortSignal;
  /** Stop timeout (`-t`), seconds. */
  readonly timeoutSeconds?: number;
  readonly now?: () => number;
}

export const EMPTY_RESULT: ApplyResult = { ok: true, done: [], failed: [], skipped: [] };

export function mergeResults(a: ApplyResult, b: ApplyResult): ApplyResult {
  return {
    ok: a.ok && b.ok,
    done: [...a.done, ...b.done],
    failed: [...a.failed, ...b.failed],
    skipped: [...a.skipped, ...b.skipped],
  };
}

/** Applies a plan; an empty plan is no call at all. */
export function runPlan(
  plan: Plan,
  engine: Engine,
  options: RunOptions & { readonly waitTimeoutMs?: number },
  onEvent: (event: ExecutorEvent) => void,
): Promise<ApplyResult> {
  if (plan.actions.length === 0) return Promise.resolve(EMPTY_RESULT);
  return applyPlan(plan, engine, {
    parallel: options.parallel,
    onEvent,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.waitTimeoutMs !== undefined ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
  });
}
