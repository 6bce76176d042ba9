/**
 * Stream helpers for the Docker backend: newline-delimited JSON (events, pull,
 * push, build progress) and the 8-byte-header multiplexing of non-TTY output.
 *
 * We split lines ourselves instead of using `modem.followProgress`: one chunk can
 * carry several objects or half of one (apocas/dockerode#363) and followProgress
 * parses each line with an unguarded `JSON.parse` inside an event handler, where a
 * throw would escape every promise (apocas/dockerode#560).
 */
import { Transform, type Readable } from 'node:stream';
import type { LogChunk, ProgressEvent } from '../types.js';

/** Yields each JSON object of a newline-delimited stream; a line that is not JSON is yielded as `{ raw }`. */
export async function* jsonLines(stream: Readable): AsyncGenerator<Record<string, unknown>> {
  let pending = '';
  const parse = (line: string): Record<string, unknown> | undefined => {
    const trimmed = line.replace(/\r$/, '').trim();
    if (trimmed === '') return undefined;
    try {
      const value: unknown = JSON.parse(trimmed);
      return typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)
        : { raw: trimmed };
    } catch {
      return { raw: trimmed };
    }
  };
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const parsed = parse(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (parsed) yield parsed;
    }
  }
  const last = parse(pending);
  if (last) yield last;
}

/** An error the daemon reported inside a 200 response (`{error, errorDetail}`). */
export class InBandError extends Error {
  override readonly name = 'InBandError';
}

function inBandMessage(message: Record<string, unknown>): string | undefined {
  const detail = message['errorDetail'];
  if (
    detail &&
    typeof detail === 'object' &&
    typeof (detail as { message?: unknown }).message === 'string'
  )
    return (detail as { message: string }).message;
  return typeof message['error'] === 'string' ? message['error'] : undefined;
}

function toProgress(message: Record<string, unknown>): ProgressEvent {
  const detail = (message['progressDetail'] ?? {}) as { current?: unknown; total?: unknown };
  const text = typeof message['stream'] === 'string' ? message['stream'] : message['raw'];
  return {
    ...(typeof message['id'] === 'string' ? { id: message['id'] } : {}),
    ...(typeof message['status'] === 'string' ? { status: message['status'] } : {}),
    ...(typeof detail.current === 'number' ? { current: detail.current } : {}),
    ...(typeof detail.total === 'number' ? { total: detail.total } : {}),
    ...(typeof text === 'string' ? { message: text } : {}),
  };
}

/**
 * Follows a pull/push/build stream to its end, reporting each message, and
 * rejects with `InBandError` on the first in-band error. Returns every message
 * (the caller may look for the built image id in `aux`).
 */
export async function followProgress(
  stream: Readable,
  onProgress: (event: ProgressEvent) => void,
): Promise<Record<string, unknown>[]> {
  const messages: Record<string, unknown>[] = [];
  for await (const message of jsonLines(stream)) {
    const error = inBandMessage(message);
    if (error !== undefined) {
      stream.destroy();
      throw new InBandError(error.trim());
    }
    messages.push(message);
    onProgress(toProgress(message));
  }
  return messages;
}

/**
 * The chunks of a container's output with the stream each came from, in the
 * order the engine sent them. We parse the 8-byte frame headers ourselves
 * because dockerode's `demuxStream` writes into two separate streams (losing
 * the order between stdout and stderr) and does not end the engine connection
 * when its outputs are destroyed. A TTY container's output is not framed: it
 * is all stdout. Destroying the result destroys `source`.
 */
export function logChunks(source: Readable, tty: boolean): Readable {
  let pending: Buffer = Buffer.alloc(0);
  const output = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer | string, _encoding, done) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (tty) return done(null, { stream: 'stdout', data } satisfies LogChunk);
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      const { chunks, rest } = splitFrames(pending);
      pending = rest;
      for (const frame of chunks) this.push(frame);
      done();
    },
    flush(done) {
      if (pending.length > 0) this.push({ stream: 'stdout', data: pending } satisfies LogChunk);
      done();
    },
  });
  source.on('error', (error) => output.destroy(error));
  // A follower that stops reading destroys the output: end the engine connection too.
  output.on('close', () => source.destroy());
  return source.pipe(output);
}

/** Whole frames of `buffer` and what is left of an incomplete last one; unframed bytes (a TTY after all) are stdout. */
export function splitFrames(buffer: Buffer): { chunks: LogChunk[]; rest: Buffer } {
  const chunks: LogChunk[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const streamType = buffer[offset];
    if (streamType !== 0 && streamType !== 1 && streamType !== 2) {
      chunks.push({ stream: 'stdout', data: buffer.subarray(offset) });
      return { chunks, rest: Buffer.alloc(0) };
    }
    const size = buffer.readUInt32BE(offset + 4);
    if (offset + 8 + size > buffer.length) break;
    const data = buffer.subarray(offset + 8, offset + 8 + size);
    chunks.push({ stream: streamType === 2 ? 'stderr' : 'stdout', data });
    offset += 8 + size;
  }
  return { chunks, rest: buffer.subarray(offset) };
}
