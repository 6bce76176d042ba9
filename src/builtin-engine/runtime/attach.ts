/**
 * Stdin for an attached client (`docker run -i`, `docker attach`). conmon
 * feeds the container's stdin only from its attach socket, a SOCK_SEQPACKET
 * unix socket, which Node cannot open (net.connect is stream-only) — so a
 * `socat` child carries the bytes: our pipe → its stdin → the socket. When
 * the client's stdin ends, socat shuts the socket down and conmon closes the
 * container's stdin, unless the container was started with stdin kept open
 * across attaches (`stdinOnce: false`).
 */
import { spawn } from 'node:child_process';
import { basename, dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { RuntimeError } from './errors.js';

export interface StdinAttachment {
  readonly stdin: Writable;
  /** Resolves when socat is gone (client closed stdin, or the container exited). */
  readonly closed: Promise<void>;
  detach(): void;
}

/** SOCK_SEQPACKET in socat's `type=` option. */
const SEQPACKET = 5;

export function socatArgs(socketPath: string): string[] {
  // -u: one way, stdin → socket; a path with `,` or `:` would need socat quoting, so it is refused.
  return ['-u', 'STDIN', `UNIX-CONNECT:${socketPath},type=${SEQPACKET}`];
}

export async function attachStdin(socat: string, socketPath: string): Promise<StdinAttachment> {
  if (/[,:!\\"'\s]/.test(basename(socketPath))) {
    throw new RuntimeError('unsupported', `cannot attach stdin through ${socketPath}`);
  }
  // Relative to its directory: a socket address holds at most 108 bytes, bundle paths can be longer.
  const child = spawn(socat, socatArgs(basename(socketPath)), {
    cwd: dirname(socketPath),
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RuntimeError(
          'unsupported',
          error.code === 'ENOENT'
            ? `attaching stdin needs socat (apt-get install socat): conmon's attach socket is a SOCK_SEQPACKET socket, which Node cannot open`
            : `could not run socat: ${error.message}`,
          { cause: error },
        ),
      ),
    );
  });
  // A connect failure (container gone) shows within a few ms; report it instead of a dead pipe.
  const early = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30)),
  ]);
  if (early && stderr.trim() !== '') {
    throw new RuntimeError('not-running', `cannot attach stdin: ${stderr.trim()}`);
  }
  const stdin = child.stdin as Writable;
  stdin.on('error', () => undefined);
  return { stdin, closed, detach: () => child.kill('SIGTERM') };
}
