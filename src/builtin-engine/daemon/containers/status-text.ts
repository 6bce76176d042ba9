/**
 * The `Status` column of `docker ps` ("Up 4 seconds (healthy)", "Exited (0)
 * 3 seconds ago", "Created"), with Docker's wording of durations (go-units'
 * HumanDuration) so scripts and eyes that parse it keep working.
 */
import { ZERO_TIME, type ContainerState } from './record.js';

export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

function since(time: string, now: number): string {
  return humanDuration(Math.max(0, now - Date.parse(time)));
}

export function statusText(state: ContainerState, now: number = Date.now()): string {
  switch (state.Status) {
    case 'paused':
      return `Up ${since(state.StartedAt, now)} (Paused)`;
    case 'restarting':
      return `Restarting (${state.ExitCode}) ${since(state.FinishedAt, now)} ago`;
    case 'running': {
      const up = `Up ${since(state.StartedAt, now)}`;
      const health = state.Health?.Status;
      if (health === undefined) return up;
      return `${up} (${health === 'starting' ? 'health: starting' : health})`;
    }
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
    case 'exited':
      if (state.StartedAt === ZERO_TIME) return 'Created';
      if (state.FinishedAt === ZERO_TIME) return '';
      return `Exited (${state.ExitCode}) ${since(state.FinishedAt, now)} ago`;
  }
}
