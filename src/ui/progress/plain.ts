/**
 * Plain progress for logs (CI, pipes): one line per event, in the style of
 * `docker compose --progress plain` — `Container demo-web-1  Created`.
 * A failed action's line says `Error`; its message is printed once, in the
 * summary at the end, so a log shows each root cause exactly once.
 */
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';
import { describeAction, resourceLabel } from './describe.js';
import { failureSummary } from './summary.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

export function plainLine(event: ExecutorEvent): string {
  if (event.type === 'warning') return `warning: ${event.message}`;
  const description = describeAction(event.action);
  const label = resourceLabel(description);
  switch (event.type) {
    case 'action.start':
      return `${label}  ${description.working}`;
    case 'action.progress':
      return `${label}  ${event.message}${counter(event.current, event.total)}`;
    case 'action.done':
      return `${label}  ${description.done}`;
    case 'action.fail':
      return `${label}  Error`;
    case 'action.skip':
      return `${label}  Skipped: ${event.reason}`;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

function counter(current: number | undefined, total: number | undefined): string {
  if (current === undefined) return '';
  return total === undefined ? ` ${current}` : ` ${current}/${total}`;
}

export function plainRenderer(streams: ProgressStreams): ProgressRenderer {
  return {
    event: (event) => streams.out(`${plainLine(event)}\n`),
    finish: (result: ApplyResult) => {
      const summary = failureSummary(result);
      if (summary) streams.err(summary);
    },
  };
}
