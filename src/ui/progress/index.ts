/**
 * Picks the progress renderer for `--progress`, as Docker Compose does: `auto`
 * is the live TTY view when progress goes to a terminal that can redraw
 * (stderr is a TTY, TERM is not `dumb`, ANSI not disabled), plain lines
 * otherwise; `tty` forces the view. Colour follows `--ansi` and `NO_COLOR`.
 * The caller passes the terminal and environment in: nothing here reads
 * `process`, except `processStreams`, the edge that binds to it.
 */
import type { ProgressMode } from '../../cli/compose-command.js';
import { canRedraw, useColour, type AnsiMode } from '../terminal.js';
import { jsonRenderer } from './json.js';
import { plainRenderer } from './plain.js';
import { quietRenderer } from './quiet.js';
import type { LiveStream } from './tty.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

export type { ProgressRenderer, ProgressStreams } from './types.js';
export type { LiveStream } from './tty.js';
export { describeAction, resourceLabel, type ActionDescription } from './describe.js';
export { eventToJson, resultToJson, PROGRESS_JSON_VERSION } from './json.js';
export { plainLine } from './plain.js';
export { failureSummary } from './summary.js';

/** Everything the choice of renderer depends on. */
export interface ProgressOutput {
  readonly streams: ProgressStreams;
  /** The stream human progress is drawn on (stderr): whether it is a terminal, its size. */
  readonly terminal: LiveStream;
  readonly env: NodeJS.ProcessEnv;
  readonly ansi: AnsiMode;
  /** Injected clock (ms) for timestamps and timers. */
  readonly now?: () => number;
}

/**
 * Async because the TTY view is imported only when it is chosen: log-update and
 * its helpers cost tens of milliseconds at start, which plain and json runs
 * should not pay.
 */
export async function progressRenderer(
  mode: ProgressMode,
  output: ProgressOutput,
): Promise<ProgressRenderer> {
  const colour = useColour(output.ansi, output.terminal, output.env);
  switch (mode) {
    case 'json':
      return jsonRenderer(output.streams, output.now);
    case 'quiet':
      return quietRenderer(output.streams, colour);
    case 'plain':
      return plainRenderer(output.streams, colour);
    case 'auto':
      if (!canRedraw(output.ansi, output.terminal, output.env))
        return plainRenderer(output.streams, colour);
      return ttyView(output, colour);
    case 'tty':
      return ttyView(output, colour);
    default: {
      const unreachable: never = mode;
      throw new Error(`unknown progress mode ${String(unreachable)}`);
    }
  }
}

async function ttyView(output: ProgressOutput, colour: boolean): Promise<ProgressRenderer> {
  const { ttyRenderer } = await import('./tty.js');
  return ttyRenderer({
    stream: output.terminal,
    err: output.streams.err,
    colour,
    ...(output.now !== undefined ? { now: output.now } : {}),
  });
}

/** Renderer streams on the process: progress on stderr like compose, except json on stdout. */
export function processStreams(mode: ProgressMode): ProgressStreams {
  const err = (text: string) => void process.stderr.write(text);
  const out = mode === 'json' ? (text: string) => void process.stdout.write(text) : err;
  return { out, err };
}
