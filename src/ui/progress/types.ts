/**
 * A progress renderer turns the executor's events into output. Human and machine
 * output are rendered from the same events (issue 4): the lifecycle layer calls
 * `event` for each one and `finish` once with the executor's result.
 */
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';

export interface ProgressRenderer {
  event(event: ExecutorEvent): void;
  /**
   * Called once at the end: prints the root causes and what was skipped. When it
   * returns, everything is written (the TTY view's final frame included).
   */
  finish(result: ApplyResult): void;
  /**
   * A message for the user while progress is on screen (the Ctrl-C notice): the
   * TTY view prints it above its live frame instead of tearing it. Renderers
   * without a live frame leave it out and the caller writes to stderr.
   */
  note?(text: string): void;
  /**
   * Stops live output when the run ends without a result (it threw, or was
   * stopped by blockers): the frame is left as it is and the cursor shown.
   * Idempotent, and harmless after `finish`.
   */
  close?(): void;
}

/** Where a renderer writes: progress to `out`, the final error summary to `err`. */
export interface ProgressStreams {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}
