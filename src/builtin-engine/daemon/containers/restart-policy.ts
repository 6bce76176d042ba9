/**
 * Whether and when an exited container restarts (Docker's restart manager,
 * in our words): never after a stop or kill through the API; `always` and
 * `unless-stopped` always; `on-failure[:max]` on a non-zero exit while fewer
 * than `max` restarts were made (0 = no limit). The delay starts at 100 ms
 * and doubles up to a minute, and starts over once the container ran 10 s.
 */
import type { RestartPolicy } from './validate.js';

export const INITIAL_BACKOFF_MS = 100;
export const MAX_BACKOFF_MS = 60_000;
export const RESET_AFTER_MS = 10_000;

export function shouldRestart(
  policy: RestartPolicy,
  exit: { exitCode: number; stoppedByApi: boolean; restartCount: number },
): boolean {
  if (exit.stoppedByApi) return false;
  switch (policy.name) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure':
      return (
        exit.exitCode !== 0 &&
        (policy.maximumRetryCount === 0 || exit.restartCount < policy.maximumRetryCount)
      );
    case 'no':
      return false;
  }
}

/** The next delay given the previous one (0 = none yet) and how long the container ran. */
export function nextBackoff(previousMs: number, uptimeMs: number): number {
  const previous = uptimeMs >= RESET_AFTER_MS ? 0 : previousMs;
  if (previous === 0) return INITIAL_BACKOFF_MS;
  return Math.min(previous * 2, MAX_BACKOFF_MS);
}
