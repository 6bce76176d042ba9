/**
 * A progress renderer turns the executor's events into output. Human and machine
 * output are rendered from the same events (issue 4): the lifecycle layer calls
 * `event` for each one and `finish` once with the executor's result.
 */
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';

export interface ProgressRenderer {
  event(event: ExecutorEvent): void;
  /** Called once at the end: prints the root causes and what was skipped. */
  finish(result: ApplyResult): void;
}

/** Where a renderer writes: progress to `out`, the final error summary to `err`. */
export interface ProgressStreams {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}
