/**
 * Plain progress for logs (CI, pipes): one line per event, in the style of
 * `docker compose --progress plain` — `Container demo-web-1  Created`.
 * A failed action's line says `Error`; its message is printed once, in the
 * summary at the end, so a log shows each root cause exactly once.
 * Statuses are coloured only when the caller says so (`--ansi`, `NO_COLOR`).
 */
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';
import { counter, describeAction, resourceLabel } from './describe.js';
import { paintStatus, warningPrefix } from './status-style.js';
import { failureSummary } from './summary.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

/** An options object rather than a boolean, so `events.map(plainLine)` cannot pass an index as a flag. */
export interface PlainLineOptions {
  readonly colour?: boolean;
}

export function plainLine(event: ExecutorEvent, options: PlainLineOptions = {}): string {
  const colour = options.colour === true;
  if (event.type === 'warning') return `${warningPrefix(colour)}: ${event.message}`;
  const description = describeAction(event.action);
  const label = resourceLabel(description);
  switch (event.type) {
    case 'action.start':
      return `${label}  ${description.working}`;
    case 'action.progress':
      return `${label}  ${event.message}${counter(event.current, event.total)}`;
    case 'action.done':
      return `${label}  ${paintStatus(colour, 'done', event.status ?? description.done)}`;
    case 'action.fail':
      return `${label}  ${paintStatus(colour, 'error', 'Error')}`;
    case 'action.skip':
      return `${label}  ${paintStatus(colour, 'skipped', 'Skipped')}: ${event.reason}`;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

export function plainRenderer(streams: ProgressStreams, colour = false): ProgressRenderer {
  return {
    event: (event) => streams.out(`${plainLine(event, { colour })}\n`),
    finish: (result: ApplyResult) => {
      const summary = failureSummary(result, colour);
      if (summary) streams.err(summary);
    },
  };
}
