/**
 * `--progress tty`: Docker Compose's live view on a terminal. One line per
 * resource with a spinner while it works, then its final status and elapsed
 * time (`✔ Container demo-web-1  Started  1.2s`), redrawn every 100 ms in
 * place by log-update; an image being pulled or pushed has a line per layer
 * under its own while it works (frame.ts). Rows are added as events name new resources: nothing is
 * known ahead. `finish` draws the final frame, complete and synchronously, then
 * the failure summary, so whatever the command prints next comes after it.
 */
import { createLogUpdate } from 'log-update';
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';
import { renderFrame, SPINNER_FRAMES } from './frame.js';
import { applyEvent, type Rows } from './rows.js';
import { warningPrefix } from './status-style.js';
import { failureSummary } from './summary.js';
import type { ProgressRenderer } from './types.js';

/** The terminal the view is drawn on: a writable stream and, when known, its size. */
export interface LiveStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

export interface TtyRendererOptions {
  readonly stream: LiveStream;
  /** Where the failure summary goes once the final frame is drawn (stderr). */
  readonly err: (text: string) => void;
  readonly colour: boolean;
  readonly now?: () => number;
  /** Redraw period; Docker Compose redraws every 100 ms. */
  readonly tickMs?: number;
}

const DEFAULT_WIDTH = 80;
const DEFAULT_HEIGHT = 24;

/**
 * The stream as log-update sees it, with a usable size: a pseudo-terminal
 * without a window (`script`, some CI runners) reports 0 rows and 0 columns,
 * and log-update would then cut every frame down to nothing.
 */
function sized(stream: LiveStream): NodeJS.WritableStream {
  const view = {
    write: (text: string) => stream.write(text),
    get columns() {
      return positive(stream.columns) ?? DEFAULT_WIDTH;
    },
    get rows() {
      return positive(stream.rows) ?? DEFAULT_HEIGHT;
    },
  };
  // log-update only writes to the stream and reads its size.
  return view as unknown as NodeJS.WritableStream;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

export function ttyRenderer(options: TtyRendererOptions): Required<ProgressRenderer> {
  const { stream, colour } = options;
  const now = options.now ?? Date.now;
  const draw = createLogUpdate(sized(stream));
  let rows: Rows = [];
  let tick = 0;
  let ticker: NodeJS.Timeout | undefined;
  let closed = false;

  const frame = () =>
    renderFrame(rows, {
      now: now(),
      width: positive(stream.columns) ?? DEFAULT_WIDTH,
      height: positive(stream.rows) ?? DEFAULT_HEIGHT,
      colour,
      spinner: SPINNER_FRAMES[tick % SPINNER_FRAMES.length] ?? '-',
    });
  const redraw = () => {
    if (!closed && rows.length > 0) draw(frame());
  };
  const startTicking = () => {
    if (ticker !== undefined || closed) return;
    ticker = setInterval(() => {
      tick += 1;
      redraw();
    }, options.tickMs ?? 100);
    // The view never keeps the process alive on its own.
    ticker.unref();
  };
  /** Text that stays on screen: written where the frame was, the frame redrawn below it. */
  const printAbove = (text: string) => {
    if (closed || rows.length === 0) {
      stream.write(text);
      return;
    }
    draw.clear();
    stream.write(text);
    draw(frame());
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(ticker);
    if (rows.length === 0) return;
    // log-update cuts a frame to the terminal's height; the last one is written
    // whole, so a long run's every resource stays in the scrollback.
    draw.clear();
    stream.write(`${frame()}\n`);
    draw.done();
  };

  return {
    event: (event: ExecutorEvent) => {
      if (event.type === 'warning') {
        printAbove(`${warningPrefix(colour)}: ${event.message}\n`);
        return;
      }
      rows = applyEvent(rows, event, now());
      startTicking();
      redraw();
    },
    finish: (result: ApplyResult) => {
      close();
      const summary = failureSummary(result, colour);
      if (summary) options.err(summary);
    },
    note: printAbove,
    close,
  };
}
