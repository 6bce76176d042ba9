/**
 * Stream helpers for the Docker backend: newline-delimited JSON (events, pull,
 * push, build progress) and the 8-byte-header multiplexing of non-TTY output.
 *
 * We split lines ourselves instead of using `modem.followProgress`: one chunk can
 * carry several objects or half of one (apocas/dockerode#363) and followProgress
 * parses each line with an unguarded `JSON.parse` inside an event handler, where a
 * throw would escape every promise (apocas/dockerode#560).
 */
import { PassThrough, type Readable } from 'node:stream';
import type { ProgressEvent } from '../types.js';

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
 * Splits a multiplexed (non-TTY) stream into one readable that carries both
 * stdout and stderr payloads in order, without the 8-byte frame headers.
 */
export function demuxToSingle(
  source: Readable,
  demux: (stream: Readable, stdout: PassThrough, stderr: PassThrough) => void,
): Readable {
  const output = new PassThrough();
  demux(source, output, output);
  source.on('end', () => output.end());
  source.on('error', (error) => output.destroy(error));
  return output;
}

/** Demuxes a whole non-TTY log buffer (what `follow: false` returns). */
export function demuxBuffer(buffer: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const streamType = buffer[offset];
    if (streamType !== 0 && streamType !== 1 && streamType !== 2) {
      // Not multiplexed after all (TTY): the rest is raw output.
      parts.push(buffer.subarray(offset));
      return Buffer.concat(parts);
    }
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts);
}
