/**
 * One line of text per watch event ("web: synced 3 files in 42 ms"), for the
 * CLI and anyone printing a session's events. Pure.
 */
import type { WatchEvent } from './types.js';

/** `42 ms` below a second, `1.2 s` above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function syncedText(event: Extract<WatchEvent, { type: 'synced' }>): string {
  const parts: string[] = [];
  if (event.files > 0 || event.removed === 0) parts.push(`synced ${plural(event.files, 'file')}`);
  if (event.removed > 0) parts.push(`removed ${plural(event.removed, 'path')}`);
  const what = parts.join(', ');
  const why =
    event.reason === 'initial'
      ? ' (initial sync)'
      : event.reason === 'resync'
        ? ` into ${event.containers.join(', ')} (changed while it was not running)`
        : '';
  return `${event.service}: ${what}${why} in ${formatDuration(event.durationMs)}`;
}

/** The line for an event; `undefined` for events that print nothing. */
export function watchEventLine(event: WatchEvent): string | undefined {
  switch (event.type) {
    case 'ready':
      return `Watching ${event.services.join(', ')} (${plural(event.paths.length, 'path')}); Ctrl-C to stop`;
    case 'synced':
      return syncedText(event);
    case 'restarted':
      return `${event.service}: restarted in ${formatDuration(event.durationMs)}`;
    case 'rebuilt': {
      const pruned = event.prunedImages?.length ?? 0;
      const removed =
        pruned > 0 ? `, removed the previous ${pruned === 1 ? 'image' : `${pruned} images`}` : '';
      return `${event.service}: rebuilt in ${formatDuration(event.durationMs)}, recreated${removed}`;
    }
    case 'exec': {
      const status = event.exitCode === 0 ? 'ran' : `failed (exit code ${event.exitCode}):`;
      const output = event.output === '' ? '' : `\n${event.output}`;
      return `${event.service}: ${status} ${event.command.join(' ')} in ${event.container} (${formatDuration(event.durationMs)})${output}`;
    }
    case 'warning':
      return `${event.service !== undefined ? `${event.service}: ` : ''}warning: ${event.message}`;
    case 'error':
      return `${event.service !== undefined ? `${event.service}: ` : ''}${event.action} failed: ${event.message}`;
    case 'stopped':
      return 'Watch stopped';
    default: {
      const unreachable: never = event;
      throw new Error(`unknown watch event ${String(unreachable)}`);
    }
  }
}

/** Where a line goes: warnings and failures to stderr, the rest to stdout (with the logs, under `up --watch`). */
export function renderWatchEvent(
  event: WatchEvent,
  options: { readonly quiet?: boolean } = {},
): { readonly stdout?: string; readonly stderr?: string } {
  // `--quiet` keeps the one-line summary of an exec hook and drops its output.
  const shown = options.quiet && event.type === 'exec' ? { ...event, output: '' } : event;
  const line = watchEventLine(shown);
  if (line === undefined) return {};
  const failed = event.type === 'error' || (event.type === 'exec' && event.exitCode !== 0);
  return failed || event.type === 'warning' ? { stderr: `${line}\n` } : { stdout: `${line}\n` };
}
