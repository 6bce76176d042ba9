/**
 * `exec` on the Docker backend: create, start (hijacked when stdin is given),
 * demux when there is no TTY, and read the exit code from exec inspect once the
 * output stream has ended (it is not known before: apocas/dockerode#175).
 * A TTY exec follows the caller's terminal size; `detach` starts and returns.
 */
import { finished } from 'node:stream/promises';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ExecSpec, TerminalSize, TerminalSizeSource } from '../types.js';
import { forwardStdin, sink } from './docker-stdio.js';

export async function execInContainer(
  docker: Dockerode,
  id: string,
  spec: ExecSpec,
): Promise<{ exitCode: number }> {
  const tty = spec.tty ?? false;
  const detach = spec.detach ?? false;
  const withStdin = !detach && spec.stdin !== undefined;
  const exec = await docker.getContainer(id).exec({
    Cmd: [...spec.command],
    AttachStdin: withStdin,
    AttachStdout: !detach,
    AttachStderr: !detach,
    Tty: tty,
    ...(spec.env ? { Env: [...spec.env] } : {}),
    ...(spec.user !== undefined ? { User: spec.user } : {}),
    ...(spec.workingDir !== undefined ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.privileged !== undefined ? { Privileged: spec.privileged } : {}),
  });
  if (detach) {
    const started = (await exec.start({ Detach: true, Tty: tty })) as Duplex | undefined;
    started?.resume();
    return { exitCode: 0 };
  }
  const stream = (await exec.start({ hijack: withStdin, stdin: withStdin, Tty: tty })) as Duplex;
  const stopStdin = spec.stdin && withStdin ? forwardStdin(spec.stdin, stream) : () => undefined;
  const stopResizing =
    tty && spec.terminal
      ? followTerminal(spec.terminal, (size) => exec.resize({ h: size.rows, w: size.columns }))
      : () => undefined;
  if (tty) {
    if (spec.stdout) stream.pipe(spec.stdout, { end: false });
    else stream.resume();
  } else {
    docker.modem.demuxStream(stream, spec.stdout ?? sink(), spec.stderr ?? sink());
  }
  try {
    await finished(stream, { writable: false }).catch((error: unknown) => {
      // A hijacked socket closed by the daemon is the normal end of an exec.
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  } finally {
    stopStdin();
    stopResizing();
  }
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? 0 };
}

/**
 * Applies the terminal's size now and on every change; failures are ignored (the
 * process may have exited between the signal and the call). Returns the unsubscribe.
 */
export function followTerminal(
  terminal: TerminalSizeSource,
  resize: (size: TerminalSize) => Promise<unknown>,
): () => void {
  const apply = (size: TerminalSize | undefined) => {
    if (size && size.rows > 0 && size.columns > 0) resize(size).catch(() => undefined);
  };
  apply(terminal.current());
  return terminal.subscribe(apply);
}
