import { styleText } from 'node:util';

export type AnsiMode = 'auto' | 'always' | 'never';

/**
 * Whether to colour a stream: `--ansi` (or COMPOSE_ANSI) decides, `NO_COLOR`
 * forces monochrome in auto mode, otherwise colour only on a TTY.
 * Colours come from node:util's styleText rather than our own escape codes.
 */
export function useColour(
  mode: AnsiMode,
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv,
): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

export function paint(
  colour: boolean,
  style: Parameters<typeof styleText>[0],
  text: string,
): string {
  return colour ? styleText(style, text, { validateStream: false }) : text;
}
