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
 * resource keeps exactly one line. An image being pulled or pushed has its
 * layers as child lines while it works, compose's way:
 *
 *      ⠋ Image 127.0.0.1:5000/app:1  Pulling 1/2 layers 1.2MB/3.4MB     0.8s
 *        ✔ 4abcd1234567 Pull complete
 *        ⠋ 9f8e7d6c5b4a Downloading [======>             ] 1.2MB/3.4MB
 *
 * and only its own line once it is done. Pure: time, width and spinner are inputs.
 */
import { paint } from '../terminal.js';
import { describeLayer, isLayerDone, type Layer } from './layers.js';
import { elapsedSeconds, settledCount, type Row, type Rows } from './rows.js';
import { paintStatus, type Outcome } from './status-style.js';

export interface FrameOptions {
  readonly now: number;
  /** Columns of the terminal. */
  readonly width: number;
  readonly colour: boolean;
  /** The spinner's current glyph, shown on rows still working. */
  readonly spinner: string;
  /**
   * Lines of the terminal. log-update drops a frame's top lines when it is
   * taller than that, so layer lines give way first: never the header or a
   * resource's line.
   */
  readonly height?: number;
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
  // One line stays free: log-update writes the frame with a trailing newline.
  const room = (options.height ?? Infinity) - 2 - rows.length;
  const shown = visibleLayers(rows, room);
  const lines = rows.flatMap((row, index) => [
    renderRow(row, labelWidth, options),
    ...(shown[index] ?? []).map((layer) => renderLayer(layer, options)),
  ]);
  return [header, ...lines].join('\n');
}

/**
 * The layers to draw under each row, at most `room` in all: those of rows
 * still working; when they do not fit, finished layers go first (the row's
 * count still has them), then what is left is cut, in row order.
 */
export function visibleLayers(rows: Rows, room: number): (readonly Layer[])[] {
  const working = rows.map((row) => (row.outcome === 'working' ? row.layers : []));
  const count = (all: (readonly Layer[])[]) => all.reduce((sum, layers) => sum + layers.length, 0);
  if (count(working) <= room) return working;
  const pending = working.map((layers) => layers.filter((layer) => !isLayerDone(layer)));
  let left = Math.max(0, room);
  return pending.map((layers) => {
    const kept = layers.slice(0, left);
    left -= kept.length;
    return kept;
  });
}

/** A layer's line, indented under its image's label; no timer: the image's row has it. */
function renderLayer(layer: Layer, options: FrameOptions): string {
  const outcome = isLayerDone(layer) ? 'done' : 'working';
  const glyph = outcome === 'done' ? GLYPHS.done : options.spinner;
  const prefix = `   ${glyph} ${layer.id} `;
  const text = fit(describeLayer(layer), options.width - 1 - prefix.length);
  return `   ${paintStatus(options.colour, outcome, glyph)} ${layer.id} ${paintStatus(options.colour, outcome, text)}`.trimEnd();
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
