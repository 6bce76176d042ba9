import { styleText } from 'node:util';

export type AnsiMode = 'auto' | 'always' | 'never';

/** What the terminal helpers need to know about a stream: only whether it is a terminal. */
export interface TerminalStream {
  readonly isTTY?: boolean;
}

/**
 * Whether to colour a stream: `--ansi` (or COMPOSE_ANSI) decides, `NO_COLOR`
 * forces monochrome in auto mode, otherwise colour only on a TTY that is not
 * `TERM=dumb` (which prints escape codes as they are).
 * Colours come from node:util's styleText rather than our own escape codes.
 */
export function useColour(mode: AnsiMode, stream: TerminalStream, env: NodeJS.ProcessEnv): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR || env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

/**
 * Whether a stream can show a live, redrawn view: a terminal that understands
 * cursor movement (`TERM=dumb` ones do not), with ANSI codes allowed.
 */
export function canRedraw(mode: AnsiMode, stream: TerminalStream, env: NodeJS.ProcessEnv): boolean {
  return mode !== 'never' && Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function paint(
  colour: boolean,
  style: Parameters<typeof styleText>[0],
  text: string,
): string {
  return colour ? styleText(style, text, { validateStream: false }) : text;
}
