/**
 * Runs the healthcheck of every running container that has one: the first
 * probe one interval after start (as Docker does), then one interval after
 * each probe ends. A probe is an exec in the container with a timeout; its
 * result updates State.Health (transitions.ts), and a change of status is
 * reported (the container service emits `health_status: <status>`). Probes
 * are skipped while the container is paused. `stop` ends the loop; a probe
 * in flight then has no effect.
 */
import type { HealthState } from '../containers/record.js';
import type { ProbeConfig } from './probe-config.js';
import { applyProbeResult, initialHealth, type ProbeResult } from './transitions.js';

export interface HealthTarget {
  readonly containerId: string;
  readonly config: ProbeConfig;
  readonly startedAt: Date;
  readonly previous?: HealthState;
  /** Runs the probe command; resolves with its exit code and output (never rejects for a failing command). */
  probe(args: readonly string[], timeoutMs: number): Promise<ProbeResult>;
  isPaused(): boolean;
  /** Called after every probe with the new health; `changed` when the status differs. */
  update(health: HealthState, changed: boolean): void | Promise<void>;
}

interface Loop {
  stopped: boolean;
  timer?: NodeJS.Timeout;
}

export class HealthMonitor {
  private readonly loops = new Map<string, Loop>();

  /** Starts the loop and returns the initial health (`starting`). Replaces a loop already running. */
  start(target: HealthTarget): HealthState {
    this.stop(target.containerId);
    const loop: Loop = { stopped: false };
    this.loops.set(target.containerId, loop);
    let health = initialHealth(target.previous);
    const schedule = (): void => {
      if (loop.stopped) return;
      loop.timer = setTimeout(() => void tick(), target.config.intervalMs);
    };
    const tick = async (): Promise<void> => {
      if (loop.stopped) return;
      if (target.isPaused()) {
        schedule();
        return;
      }
      let result: ProbeResult;
      try {
        result = await target.probe(target.config.args, target.config.timeoutMs);
      } catch (error) {
        const now = new Date();
        const message = error instanceof Error ? error.message : String(error);
        result = { start: now, end: now, exitCode: -1, output: message };
      }
      if (loop.stopped) return;
      const next = applyProbeResult(health, result, {
        retries: target.config.retries,
        startPeriodMs: target.config.startPeriodMs,
        startedAt: target.startedAt,
      });
      const changed = next.Status !== health.Status;
      health = next;
      try {
        await target.update(next, changed);
      } finally {
        schedule();
      }
    };
    schedule();
    return health;
  }

  stop(containerId: string): void {
    const loop = this.loops.get(containerId);
    if (loop === undefined) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    this.loops.delete(containerId);
  }

  isRunning(containerId: string): boolean {
    return this.loops.has(containerId);
  }

  stopAll(): void {
    for (const id of [...this.loops.keys()]) this.stop(id);
  }
}
