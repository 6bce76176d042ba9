/**
 * One frame of the TTY view, in Docker Compose's layout:
 *
 *     [+] Running 2/3
 *      ✔ Network demo_default  Created                          0.1s
 *      ⠋ Container demo-web-1  Starting                         0.4s
 *      ✘ Container demo-db-1   Error port is already allocated  0.2s
 *
 * Labels are padded to the longest one so statuses line up, the timer sits at
 * the right edge, and details are cut (`…`) rather than wrapped so every
 * resource keeps exactly one line. Pure: time, width and spinner are inputs.
 */
import { paint } from '../terminal.js';
import { elapsedSeconds, settledCount, type Row, type Rows } from './rows.js';
import { paintStatus, type Outcome } from './status-style.js';

export interface FrameOptions {
  readonly now: number;
  /** Columns of the terminal. */
  readonly width: number;
  readonly colour: boolean;
  /** The spinner's current glyph, shown on rows still working. */
  readonly spinner: string;
}

/** Glyphs of settled rows, Docker Compose's. */
const GLYPHS: Readonly<Record<Exclude<Outcome, 'working'>, string>> = {
  done: '✔',
  error: '✘',
  skipped: '!',
};

/** Braille dots, one per 100 ms tick. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The header and one line per row, joined by newlines (no trailing newline). */
export function renderFrame(rows: Rows, options: FrameOptions): string {
  const header = `[+] Running ${settledCount(rows)}/${rows.length}`;
  const labelWidth = Math.max(0, ...rows.map((row) => row.label.length));
  return [header, ...rows.map((row) => renderRow(row, labelWidth, options))].join('\n');
}

function renderRow(row: Row, labelWidth: number, options: FrameOptions): string {
  const { colour, width } = options;
  const glyph = row.outcome === 'working' ? options.spinner : GLYPHS[row.outcome];
  const timer = `${elapsedSeconds(row, options.now).toFixed(1)}s`;
  const label = row.label.padEnd(labelWidth);
  const left = ` ${glyph} ${label}  ${row.status}`;
  // The last column stays empty: a line that fills the terminal exactly makes
  // some terminals wrap, and the redraw would then count one line too few.
  const usable = width - 1;
  const details = fit(row.details, usable - left.length - timer.length - 2);
  const text = details === '' ? left : `${left} ${details}`;
  const gap = ' '.repeat(Math.max(1, usable - text.length - timer.length));
  return [
    ` ${paintStatus(colour, row.outcome, glyph)} ${label}  `,
    paintStatus(colour, row.outcome, row.status),
    details === '' ? '' : ` ${details}`,
    gap,
    paint(colour, 'dim', timer),
  ].join('');
}

/** The text cut to `room` columns with an ellipsis; empty when there is no room at all. */
function fit(text: string, room: number): string {
  if (text.length <= room) return text;
  return room < 2 ? '' : `${text.slice(0, room - 1)}…`;
}
