/**
 * Gathers file events into batches with an adaptive quiet period. The first
 * event after an idle spell is flushed after a short quiet period (a save goes
 * through almost at once); every further event of the same batch doubles the
 * period, up to a cap, so a burst (`git checkout` of hundreds of files) keeps
 * extending one batch instead of being cut into many. A batch is flushed at
 * the latest `maxDelayMs` after its first event, so a file rewritten without
 * pause (a log) still gets synced.
 *
 * Docker Compose waits a fixed 500 ms after the last event. Time is injected,
 * so the behaviour is tested with fake timers.
 */

export interface BatcherOptions {
  /** Quiet period after a single event, ms (`--quiet-period`); default 15. */
  readonly quietPeriodMs?: number;
  /** Longest quiet period a burst grows to, ms; default max(200, 8 × quietPeriodMs). */
  readonly maxQuietPeriodMs?: number;
  /** A batch is flushed at most this long after its first event, ms; default 5000. */
  readonly maxDelayMs?: number;
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEFAULT_QUIET_PERIOD_MS = 15;

export interface Batcher {
  /**
   * Adds a changed path to the current batch. `burst` says more events are
   * surely coming (a new directory, whose files the watcher reports next):
   * the batch waits the longest quiet period at once.
   */
  add(path: string, burst?: boolean): void;
  /** Flushes what is pending now (if anything). */
  flush(): void;
  /** Drops what is pending and stops the timer. */
  close(): void;
}

/** `onBatch` receives each batch's distinct paths in the order they first changed. */
export function createBatcher(
  onBatch: (paths: string[]) => void,
  options: BatcherOptions = {},
  timers: Timers = systemTimers,
): Batcher {
  const quiet = Math.max(0, options.quietPeriodMs ?? DEFAULT_QUIET_PERIOD_MS);
  const maxQuiet = Math.max(quiet, options.maxQuietPeriodMs ?? Math.max(200, quiet * 8));
  const maxDelay = Math.max(maxQuiet, options.maxDelayMs ?? 5000);
  let pending = new Set<string>();
  let timer: unknown;
  let firstAt = 0;
  let period = quiet;
  let closed = false;

  const stopTimer = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const flush = () => {
    stopTimer();
    if (pending.size === 0) return;
    const batch = [...pending];
    pending = new Set();
    onBatch(batch);
  };
  const arm = () => {
    stopTimer();
    const untilCap = firstAt + maxDelay - timers.now();
    timer = timers.setTimeout(flush, Math.max(0, Math.min(period, untilCap)));
  };

  return {
    add(path, burst = false) {
      if (closed) return;
      if (burst) {
        if (pending.size === 0) firstAt = timers.now();
        period = maxQuiet;
      } else if (pending.size === 0) {
        firstAt = timers.now();
        period = quiet;
      } else {
        // Another event in the same batch: a burst may be under way, wait longer for its end.
        period = Math.min(maxQuiet, Math.max(1, period * 2));
      }
      pending.add(path);
      arm();
    },
    flush,
    close() {
      closed = true;
      stopTimer();
      pending = new Set();
    },
  };
}
