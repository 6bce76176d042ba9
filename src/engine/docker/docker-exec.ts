/**
 * `exec` on the Docker backend: create, start (hijacked when stdin is given),
 * demux when there is no TTY, and read the exit code from exec inspect once the
 * output stream has ended (it is not known before: apocas/dockerode#175).
 */
import { finished } from 'node:stream/promises';
import { Writable, type Duplex, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ExecSpec } from '../types.js';

export async function execInContainer(
  docker: Dockerode,
  id: string,
  spec: ExecSpec,
): Promise<{ exitCode: number }> {
  const tty = spec.tty ?? false;
  const exec = await docker.getContainer(id).exec({
    Cmd: [...spec.command],
    AttachStdin: spec.stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
    ...(spec.env ? { Env: [...spec.env] } : {}),
    ...(spec.user !== undefined ? { User: spec.user } : {}),
    ...(spec.workingDir !== undefined ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.privileged !== undefined ? { Privileged: spec.privileged } : {}),
  });
  const stream = (await exec.start({
    hijack: spec.stdin !== undefined,
    stdin: spec.stdin !== undefined,
    Tty: tty,
  })) as Duplex;
  if (spec.stdin) pipeStdin(spec.stdin, stream);
  if (tty) {
    if (spec.stdout) stream.pipe(spec.stdout, { end: false });
    else stream.resume();
  } else {
    docker.modem.demuxStream(stream, spec.stdout ?? sink(), spec.stderr ?? sink());
  }
  await finished(stream, { writable: false }).catch((error: unknown) => {
    // A hijacked socket closed by the daemon is the normal end of an exec.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? 0 };
}

function pipeStdin(stdin: Readable, stream: Duplex): void {
  stdin.on('data', (chunk) => stream.write(chunk));
  // Half-close so the process sees end of input and the output stream can end.
  stdin.on('end', () => stream.end());
}

/** Output nobody asked for is read and dropped so the stream keeps flowing. */
function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
