/**
 * The colours of progress statuses, shared by the plain lines and the TTY view
 * so both read the same: green when done, red on error, yellow when skipped or
 * a warning, nothing while in flight (Docker Compose's palette).
 */
import { paint } from '../terminal.js';

/** Where an action or a resource stands. */
export type Outcome = 'working' | 'done' | 'error' | 'skipped';

const STYLE = {
  working: undefined,
  done: 'green',
  error: 'red',
  skipped: 'yellow',
} as const;

export function paintStatus(colour: boolean, outcome: Outcome, text: string): string {
  const style = STYLE[outcome];
  return style === undefined ? text : paint(colour, style, text);
}

/** `warning` in yellow, the prefix of warnings in every human renderer. */
export function warningPrefix(colour: boolean): string {
  return paint(colour, 'yellow', 'warning');
}
