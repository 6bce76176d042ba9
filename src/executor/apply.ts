/**
 * The DAG walk. An action starts as soon as every action in its `after` is
 * done, at most `parallel` at once, ready actions in plan order (so runs are
 * reproducible). Starts that ask for an ephemeral host port run one at a time;
 * without a `parallel` bound the other starts go through an adaptive window
 * (start-window.ts) sized to what the engine absorbs.
 * A failure is reported once, by the failing action; everything after it
 * (transitively) is skipped naming it as the cause, independent branches go on.
 * Cancellation starts nothing new and skips what has not started.
 */
import type { Engine } from '../engine/types.js';
import type { Action, Plan } from '../planner/types.js';
import type { ActionContext } from './context.js';
import { runAction } from './dispatch.js';
import { serialisedStarts } from './ephemeral-ports.js';
import { StartWindow } from './start-window.js';
import { ExecutorError, rootCauseSummary } from './errors.js';
import type { ApplyOptions, ApplyPlan, ApplyResult } from './types.js';

/** An `after` that names no action of the plan would make its action wait forever. */
function checkPlan(plan: Plan): void {
  const ids = new Set(plan.actions.map((action) => action.id));
  if (ids.size !== plan.actions.length)
    throw new ExecutorError(
      'executor.invalid-plan',
      `project ${plan.project}`,
      'the plan names an action twice',
    );
  for (const action of plan.actions)
    for (const id of action.after)
      if (!ids.has(id))
        throw new ExecutorError(
          'executor.invalid-plan',
          `action ${action.id}`,
          `the plan's action ${action.id} waits for ${id}, which the plan does not contain`,
        );
  if (plan.blockers.length > 0)
    throw new ExecutorError(
      'executor.invalid-plan',
      plan.blockers[0]!.resource,
      `the plan cannot be applied: ${plan.blockers[0]!.message}`,
    );
}

function dependentsOf(actions: readonly Action[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const action of actions)
    for (const id of action.after) dependents.set(id, [...(dependents.get(id) ?? []), action.id]);
  return dependents;
}

export const applyPlan: ApplyPlan = (plan, engine, options) => {
  checkPlan(plan);
  return new Walk(plan, engine, options).run();
};

class Walk {
  private readonly now: () => number;
  private readonly limit: number;
  private readonly serialised: Set<string>;
  private readonly dependents: Map<string, string[]>;
  private readonly controller = new AbortController();
  /** Not started yet, in plan order. */
  private readonly pending: Action[];
  private readonly doneIds = new Set<string>();
  private readonly result = {
    done: [] as string[],
    failed: [] as { id: string; error: Error }[],
    skipped: [] as string[],
  };
  private running = 0;
  private serialisedRunning = false;
  /** Only without a `parallel` bound: the bound then applies to everything. */
  private readonly startWindow: StartWindow | undefined;
  private startsRunning = 0;
  private finish: () => void = () => undefined;

  constructor(
    private readonly plan: Plan,
    private readonly engine: Engine,
    private readonly options: ApplyOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.limit = options.parallel > 0 ? options.parallel : Number.POSITIVE_INFINITY;
    this.startWindow = options.parallel > 0 ? undefined : new StartWindow();
    this.serialised = serialisedStarts(plan.actions);
    this.dependents = dependentsOf(plan.actions);
    this.pending = [...plan.actions];
  }

  async run(): Promise<ApplyResult> {
    const signal = this.options.signal;
    const onAbort = () => {
      this.controller.abort();
      this.pump();
    };
    if (signal?.aborted) this.controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve) => {
        this.finish = resolve;
        this.pump();
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return {
      ok: this.result.failed.length === 0 && this.result.skipped.length === 0,
      ...this.result,
    };
  }

  private isReady(action: Action): boolean {
    if (!action.after.every((id) => this.doneIds.has(id))) return false;
    if (this.isWindowed(action) && this.startsRunning >= this.startWindow!.limit) return false;
    return !(this.serialised.has(action.id) && this.serialisedRunning);
  }

  private isWindowed(action: Action): boolean {
    return this.startWindow !== undefined && action.type === 'container.start';
  }

  /** Starts what is ready, in plan order, and finishes the walk when nothing runs or can run. */
  private pump(): void {
    if (this.controller.signal.aborted)
      for (const action of this.pending.splice(0)) this.skip(action, 'cancelled', 'cancelled');
    for (let index = 0; index < this.pending.length && this.running < this.limit;) {
      const action = this.pending[index]!;
      if (!this.isReady(action)) {
        index++;
        continue;
      }
      this.pending.splice(index, 1);
      void this.launch(action);
    }
    if (this.running > 0) return;
    // Only a cycle leaves actions that can never become ready.
    for (const action of this.pending.splice(0))
      this.skip(action, 'invalid-plan', 'waits for an action that never ran');
    this.finish();
  }

  private async launch(action: Action): Promise<void> {
    const serialised = this.serialised.has(action.id);
    const windowed = this.isWindowed(action);
    this.running++;
    if (serialised) this.serialisedRunning = true;
    if (windowed) this.startsRunning++;
    const startedAt = this.now();
    this.options.onEvent({ type: 'action.start', action });
    let status: string | undefined;
    try {
      await runAction(
        this.contextFor(action, (settled) => (status = settled)),
        action,
      );
      this.doneIds.add(action.id);
      this.result.done.push(action.id);
      this.options.onEvent({
        type: 'action.done',
        action,
        durationMs: this.now() - startedAt,
        ...(status !== undefined ? { status } : {}),
      });
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.result.failed.push({ id: action.id, error });
      this.options.onEvent({ type: 'action.fail', action, error });
      this.skipDependents(action.id, rootCauseSummary(action.id, error));
    } finally {
      this.running--;
      if (serialised) this.serialisedRunning = false;
      if (windowed) {
        this.startsRunning--;
        this.startWindow!.record(this.now() - startedAt);
      }
      this.pump();
    }
  }

  /** Everything transitively after `rootId` that has not started (none has: it needed `rootId` done). */
  private skipDependents(rootId: string, reason: string): void {
    const queue = [...(this.dependents.get(rootId) ?? [])];
    while (queue.length > 0) {
      const id = queue.shift()!;
      const index = this.pending.findIndex((action) => action.id === id);
      if (index < 0) continue;
      const [action] = this.pending.splice(index, 1);
      this.skip(action!, rootId, reason);
      queue.push(...(this.dependents.get(id) ?? []));
    }
  }

  private skip(action: Action, cause: string, reason: string): void {
    this.result.skipped.push(action.id);
    this.options.onEvent({ type: 'action.skip', action, cause, reason });
  }

  private contextFor(action: Action, settle: (status: string) => void): ActionContext {
    const { onEvent, timeoutSeconds, waitTimeoutMs } = this.options;
    return {
      engine: this.engine,
      plan: this.plan,
      signal: this.controller.signal,
      now: this.now,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(waitTimeoutMs !== undefined ? { waitTimeoutMs } : {}),
      progress: (message, current, total, detail) =>
        onEvent({
          type: 'action.progress',
          action,
          message,
          ...(current !== undefined ? { current } : {}),
          ...(total !== undefined ? { total } : {}),
          ...(detail?.layer !== undefined ? { layer: detail.layer } : {}),
        }),
      warn: (message) => onEvent({ type: 'warning', message }),
      settle,
    };
  }
}
