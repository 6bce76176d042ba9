/**
 * Layers arrive as plain tar, gzip or zstd. The first bytes tell which, so the
 * unpacker never trusts a media type: `docker save` writes plain tars under
 * gzip-looking names, registries send gzip, newer images zstd.
 */
import * as zlib from 'node:zlib';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Compression = 'none' | 'gzip' | 'zstd';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function startsWith(head: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, index) => head[index] === byte);
}

export function detectCompression(head: Buffer): Compression {
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd';
  return 'none';
}

/** Node ≥ 22.15 has a zstd decoder; on older Node this is undefined. */
function zstdDecoder(): Transform | undefined {
  const create = (zlib as unknown as { createZstdDecompress?: () => Transform })
    .createZstdDecompress;
  return create?.();
}

export class UnsupportedCompressionError extends Error {
  override readonly name = 'UnsupportedCompressionError';
}

/**
 * Yields the uncompressed bytes of `source`, whatever its compression; pull
 * based, so backpressure from the tar reader reaches the source.
 */
export async function* decompressed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < ZSTD_MAGIC.length) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* head;
    while (!ended) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const compression = detectCompression(Buffer.concat(head));
  if (compression === 'none') {
    yield* all();
    return;
  }
  const decoder = compression === 'gzip' ? zlib.createGunzip() : zstdDecoder();
  if (decoder === undefined) {
    throw new UnsupportedCompressionError(
      `zstd-compressed layers need Node.js 22.15 or newer (this is ${process.version})`,
    );
  }
  const feeding = pipeline(Readable.from(all()), decoder);
  feeding.catch(() => undefined); // its error also destroys `decoder`, which the loop reports
  for await (const chunk of decoder) yield chunk as Buffer;
  await feeding;
}
