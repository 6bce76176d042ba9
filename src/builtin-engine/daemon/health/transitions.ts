/**
 * How one probe result changes a container's health, by Docker's rules: a
 * success makes it healthy and resets the failing streak; a failure counts
 * toward the streak (not while still `starting` inside the start period) and
 * makes it unhealthy once the streak reaches `retries`. The log keeps the
 * last 5 results; output is cut at 4 KiB.
 */
import type { HealthLogEntry, HealthState } from '../containers/record.js';

export const MAX_LOG_ENTRIES = 5;
export const MAX_OUTPUT_BYTES = 4096;

export interface ProbeResult {
  readonly start: Date;
  readonly end: Date;
  /** -1 when the probe could not run or timed out. */
  readonly exitCode: number;
  readonly output: string;
}

export function initialHealth(previous?: HealthState): HealthState {
  // The log survives a restart (as in Docker); the streak starts over with the new process.
  return { Status: 'starting', FailingStreak: 0, Log: [...(previous?.Log ?? [])] };
}

export function truncateOutput(output: string): string {
  const bytes = Buffer.from(output);
  return bytes.length <= MAX_OUTPUT_BYTES ? output : bytes.subarray(0, MAX_OUTPUT_BYTES).toString();
}

export function applyProbeResult(
  health: HealthState,
  result: ProbeResult,
  options: { retries: number; startPeriodMs: number; startedAt: Date },
): HealthState {
  const entry: HealthLogEntry = {
    Start: result.start.toISOString(),
    End: result.end.toISOString(),
    ExitCode: result.exitCode,
    Output: truncateOutput(result.output),
  };
  const log = [...health.Log, entry].slice(-MAX_LOG_ENTRIES);
  if (result.exitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log: log };
  const inStartPeriod =
    health.Status === 'starting' &&
    result.start.getTime() - options.startedAt.getTime() < options.startPeriodMs;
  if (inStartPeriod) return { ...health, Log: log };
  const streak = health.FailingStreak + 1;
  return {
    Status: streak >= options.retries ? 'unhealthy' : health.Status,
    FailingStreak: streak,
    Log: log,
  };
}
