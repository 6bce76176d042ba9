/**
 * How many container starts run at once when `--parallel` sets no bound.
 *
 * On a small machine the engine's start call is CPU-bound (~300 ms of daemon
 * work on 2 cores): firing every start at once makes the daemon compete with
 * itself (50 starts: ~10.4 s at once, ~9.5 s at 4–8 at a time, measured for
 * issue 7), while one at a time leaves it idle between calls. So the window
 * adapts: it grows by one after a full window of starts that took close to the
 * fastest start seen, and shrinks by a quarter when a start takes far longer
 * than that, i.e. when the daemon is saturated.
 */
export interface StartWindowOptions {
  readonly initial?: number;
  readonly min?: number;
  readonly max?: number;
}

/** A start slower than this many times the fastest one means the daemon is saturated. */
const SATURATED = 3;
/** A start within this many times the fastest one means there is room for one more. */
const HEALTHY = 1.5;
/** Latencies below this are noise (a fake engine, a start that was a no-op): never a baseline. */
const NOISE_MS = 20;

export class StartWindow {
  private current: number;
  private readonly min: number;
  private readonly max: number;
  private fastest = Number.POSITIVE_INFINITY;
  private healthyInWindow = 0;

  constructor(options: StartWindowOptions = {}) {
    this.min = options.min ?? 2;
    this.max = options.max ?? 12;
    this.current = Math.min(this.max, Math.max(this.min, options.initial ?? 4));
  }

  /** Starts allowed in flight now. */
  get limit(): number {
    return this.current;
  }

  /** Feeds back how long a finished start took. */
  record(latencyMs: number): void {
    this.fastest = Math.min(this.fastest, Math.max(latencyMs, NOISE_MS));
    if (latencyMs > this.fastest * SATURATED) {
      this.current = Math.max(this.min, Math.floor(this.current * 0.75));
      this.healthyInWindow = 0;
      return;
    }
    if (latencyMs > this.fastest * HEALTHY) return;
    this.healthyInWindow++;
    if (this.healthyInWindow >= this.current) {
      this.current = Math.min(this.max, this.current + 1);
      this.healthyInWindow = 0;
    }
  }
}
