import type { ApplyResult } from '../../executor/types.js';
import { paintStatus } from './status-style.js';

/**
 * The end of a failed run for humans: each root cause once (`error: <id>: <message>`),
 * then the actions that did not run because of it. Empty when everything succeeded.
 */
export function failureSummary(result: ApplyResult, colour = false): string {
  if (result.ok && result.failed.length === 0 && result.skipped.length === 0) return '';
  const lines = result.failed.map(
    ({ id, error }) => `${paintStatus(colour, 'error', 'error')}: ${id}: ${error.message}`,
  );
  if (result.skipped.length > 0)
    lines.push(`${paintStatus(colour, 'skipped', 'skipped')}: ${result.skipped.join(', ')}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
