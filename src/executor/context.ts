/**
 * What one action function gets: the engine, the run's options and a way to
 * report progress and warnings. Action functions decide nothing beyond how to
 * carry out their one action.
 */
import type { Engine } from '../engine/types.js';
import type { Action, Plan } from '../planner/types.js';

export interface ActionContext {
  readonly engine: Engine;
  readonly plan: Plan;
  /** Aborted when the run is cancelled; long actions (waits) stop on it. */
  readonly signal: AbortSignal;
  readonly timeoutSeconds?: number;
  readonly waitTimeoutMs?: number;
  readonly now: () => number;
  /** `layer`: the image layer a pull/push message is about, for per-layer views. */
  progress(
    message: string,
    current?: number,
    total?: number,
    detail?: { readonly layer?: string },
  ): void;
  warn(message: string): void;
  /** The action ended other than its usual way (see `status` of `action.done`); still done, not failed. */
  settle(status: string): void;
}

/** The action type's own fields, narrowed: `ActionOf<'container.start'>`. */
export type ActionOf<T extends Action['type']> = Extract<Action, { readonly type: T }>;
