/**
 * The executor's contract: it walks a `Plan` as a DAG through the `Engine` port
 * and reports what happens as typed events. It decides nothing: every decision
 * is already in the plan.
 */
import type { Engine } from '../engine/types.js';
import type { Action, Plan } from '../planner/types.js';

export type ExecutorEvent =
  | { readonly type: 'action.start'; readonly action: Action }
  | {
      readonly type: 'action.progress';
      readonly action: Action;
      readonly message: string;
      readonly current?: number;
      readonly total?: number;
      /** The image layer a pull/push progress message is about (its short id). */
      readonly layer?: string;
    }
  | {
      readonly type: 'action.done';
      readonly action: Action;
      readonly durationMs: number;
      /**
       * How the resource ended when it is not the action's usual outcome: a network or
       * volume still in use is kept, as Docker Compose does ("Resource is still in use").
       */
      readonly status?: string;
    }
  | { readonly type: 'action.fail'; readonly action: Action; readonly error: Error }
  /** Not run because an action it comes after failed (`cause` is that root action's id) or the run was cancelled. */
  | {
      readonly type: 'action.skip';
      readonly action: Action;
      readonly cause: string;
      /** The root cause in words ("db failed to become healthy"); renderers add their own "skipped". */
      readonly reason: string;
    }
  | { readonly type: 'warning'; readonly message: string };

export interface ApplyOptions {
  /** Most actions in flight at once; -1 = unbounded (compose's default for creates). */
  readonly parallel: number;
  /** Cancels what has not started; actions in flight finish or are aborted by the engine call. */
  readonly signal?: AbortSignal;
  readonly onEvent: (event: ExecutorEvent) => void;
  /** Stop timeout for recreate/stop actions, seconds (`-t`). */
  readonly timeoutSeconds?: number;
  /** Injected clock (ms) for durations and wait deadlines. */
  readonly now?: () => number;
  /** Upper bound for `container.wait` actions (`--wait-timeout`), ms; undefined = none. */
  readonly waitTimeoutMs?: number;
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly done: readonly string[];
  readonly failed: readonly { readonly id: string; readonly error: Error }[];
  readonly skipped: readonly string[];
}

export type ApplyPlan = (plan: Plan, engine: Engine, options: ApplyOptions) => Promise<ApplyResult>;
