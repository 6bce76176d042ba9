/**
 * The local terminal when a command gives the user a TTY inside a container
 * (`exec`, `run`, `attach`): whether to allocate one, raw mode while attached
 * (keys go to the container as typed, Ctrl-C included), and the terminal's size
 * and its changes (SIGWINCH, which Node reports as `resize` on the output stream).
 */
import type { Readable, Writable } from 'node:stream';
import type { TerminalSize, TerminalSizeSource } from '../engine/types.js';

/** What a terminal-capable input looks like (process.stdin on a TTY). */
export interface TerminalInput extends Readable {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** What a terminal-capable output looks like (process.stdout on a TTY). */
export interface TerminalOutput extends Writable {
  readonly isTTY?: boolean;
  readonly rows?: number;
  readonly columns?: number;
}

/** The local side of a container command: its three streams. */
export interface LocalStreams {
  readonly stdin: TerminalInput;
  readonly stdout: TerminalOutput;
  readonly stderr: Writable;
}

export function processStdio(): LocalStreams {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/**
 * A TTY is allocated when input and output are both terminals and `-T` was not
 * given: compose decides on stdout and refuses a TTY with piped input ("the
 * input device is not a TTY"); falling back to pipes is the friendlier reading.
 */
export function wantsTty(streams: LocalStreams, noTty: boolean): boolean {
  return !noTty && streams.stdin.isTTY === true && streams.stdout.isTTY === true;
}

export function terminalSizes(output: TerminalOutput): TerminalSizeSource {
  const current = (): TerminalSize | undefined =>
    output.rows && output.columns ? { rows: output.rows, columns: output.columns } : undefined;
  return {
    current,
    subscribe: (listener) => {
      const onResize = () => {
        const size = current();
        if (size) listener(size);
      };
      output.on('resize', onResize);
      return () => void output.off('resize', onResize);
    },
  };
}

/** Puts the input in raw mode; the returned function restores it (idempotent). */
export function rawMode(input: TerminalInput): () => void {
  if (input.isTTY !== true || !input.setRawMode) return () => undefined;
  input.setRawMode(true);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    input.setRawMode?.(false);
  };
}

/**
 * While attached without a TTY, Ctrl-C and SIGTERM go to the container's process
 * instead of ending tscompose (compose's signal proxy). Returns the restore.
 */
export function forwardSignals(send: (signal: NodeJS.Signals) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const handlers = signals.map((signal) => {
    const handler = () => send(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
