/**
 * Attaching to a container's streams on the Docker backend (`run`, `attach`):
 * hijacked when stdin is forwarded, demultiplexed when the container has no
 * TTY; the engine itself watches stdin for the detach sequence.
 */
import { finished } from 'node:stream/promises';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { AttachSpec, ContainerAttachment } from '../types.js';
import { followTerminal } from './docker-exec.js';
import { forwardStdin, sink } from './docker-stdio.js';

export async function attachContainer(
  docker: Dockerode,
  id: string,
  spec: AttachSpec,
): Promise<ContainerAttachment> {
  const container = docker.getContainer(id);
  const withStdin = spec.stdin !== undefined;
  const stream = (await container.attach({
    stream: true,
    stdin: withStdin,
    stdout: true,
    stderr: true,
    hijack: withStdin,
    ...(spec.detachKeys !== undefined ? { detachKeys: spec.detachKeys } : {}),
  })) as Duplex;
  const stopStdin = spec.stdin ? forwardStdin(spec.stdin, stream) : () => undefined;
  if (spec.tty) {
    if (spec.stdout) stream.pipe(spec.stdout, { end: false });
    else stream.resume();
  } else {
    docker.modem.demuxStream(stream, spec.stdout ?? sink(), spec.stderr ?? sink());
  }
  let stopResizing: () => void = () => undefined;
  const ended = finished(stream, { writable: false })
    .catch((error: unknown) => {
      // The daemon closing the hijacked socket is the normal end of an attachment.
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    })
    .finally(() => {
      stopStdin();
      stopResizing();
    });
  const resizeTo = (size: { rows: number; columns: number }) =>
    container.resize({ h: size.rows, w: size.columns });
  return {
    ended,
    resize: () => {
      if (spec.tty && spec.terminal) {
        stopResizing();
        stopResizing = followTerminal(spec.terminal, resizeTo);
      }
      return Promise.resolve();
    },
    close: () => {
      stopStdin();
      stopResizing();
      stream.destroy();
    },
  };
}
