/**
 * Byte formats of the Engine's streaming responses: stdcopy frames for the
 * output of a container without a TTY (logs, attach, exec), raw bytes with a
 * TTY, and one JSON document per line for progress and events. Writers wait
 * for `drain`, so a slow client slows the producer instead of filling memory.
 */
import type { Writable } from 'node:stream';
import type { OutputChunk } from '../ports.js';

export const RAW_STREAM = 'application/vnd.docker.raw-stream';
export const MULTIPLEXED_STREAM = 'application/vnd.docker.multiplexed-stream';

const STREAM_IDS = { stdin: 0, stdout: 1, stderr: 2 } as const;

/**
 * One stdcopy frame: byte 0 = stream (1 stdout, 2 stderr), bytes 1–3 zero,
 * bytes 4–7 the payload length big-endian, then the payload.
 */
export function stdcopyFrame(stream: keyof typeof STREAM_IDS, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = STREAM_IDS[stream];
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Splits a byte sequence of stdcopy frames back into chunks (tests and debugging). */
export function parseStdcopy(bytes: Buffer): Array<{ stream: 'stdout' | 'stderr'; data: Buffer }> {
  const chunks: Array<{ stream: 'stdout' | 'stderr'; data: Buffer }> = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset + 4);
    const stream = bytes[offset] === 2 ? 'stderr' : 'stdout';
    chunks.push({ stream, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset += 8 + length;
  }
  return chunks;
}

/** The bytes a chunk becomes on the wire; with `timestamps`, each chunk carries its time first, as the Engine prints it. */
export function encodeOutput(
  chunk: OutputChunk,
  options: { tty: boolean; timestamps?: boolean },
): Buffer {
  const data =
    options.timestamps === true && chunk.time !== undefined
      ? Buffer.concat([Buffer.from(`${chunk.time} `), chunk.data])
      : chunk.data;
  return options.tty ? data : stdcopyFrame(chunk.stream, data);
}

/** Resolves once `target` accepted `bytes` (after `drain` if needed); false when the target is gone. */
export function writeAll(target: Writable, bytes: Buffer | string): Promise<boolean> {
  if (target.destroyed || target.writableEnded) return Promise.resolve(false);
  if (target.write(bytes)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      target.off('drain', onDrain);
      target.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    target.on('drain', onDrain);
    target.on('close', onClose);
  });
}

/**
 * Feeds each item of `source` to `consume` until the source ends, `consume`
 * returns false (the target is gone) or `signal` aborts — also while the
 * source is waiting for its next item, so a quiet follower never pins a
 * request whose client has left. Returns whether the source was read to its end.
 */
export async function drainUntil<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal,
  consume: (item: T) => Promise<boolean>,
): Promise<boolean> {
  const iterator = source[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<IteratorResult<T>>((resolve) => {
    onAbort = () => resolve({ done: true, value: undefined });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  let complete = false;
  try {
    while (!signal.aborted) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done === true) {
        complete = !signal.aborted;
        return complete;
      }
      if (!(await consume(next.value))) return false;
    }
    return false;
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    // Lets the source release what it holds (files, followers) when we stop early.
    if (!complete) void iterator.return?.(undefined)?.catch(() => undefined);
  }
}

/** Copies output chunks to `target` (framed, or raw with a TTY); see drainUntil for when it stops. */
export function pumpOutput(
  output: AsyncIterable<OutputChunk>,
  target: Writable,
  options: { tty: boolean; timestamps?: boolean; signal: AbortSignal },
): Promise<boolean> {
  return drainUntil(output, options.signal, (chunk) =>
    chunk.data.length === 0
      ? Promise.resolve(true)
      : writeAll(target, encodeOutput(chunk, options)),
  );
}

/** One JSON document per line, in order, each written as soon as it is produced. */
export function pumpJsonLines(
  source: AsyncIterable<unknown>,
  target: Writable,
  options: { signal: AbortSignal; lineEnd?: string },
): Promise<boolean> {
  const lineEnd = options.lineEnd ?? '\n';
  return drainUntil(source, options.signal, (message) =>
    writeAll(target, `${JSON.stringify(message)}${lineEnd}`),
  );
}
