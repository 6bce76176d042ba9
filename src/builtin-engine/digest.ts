/**
 * Content digests as OCI writes them: `sha256:<64 lower-case hex>`. Only sha256
 * is accepted: it is what Docker, registries and OCI layouts use, and refusing
 * the rest keeps every blob path in the store of one known shape.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export type Digest = `sha256:${string}`;

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function isDigest(value: unknown): value is Digest {
  return typeof value === 'string' && DIGEST_RE.test(value);
}

/** The hex part, which names the blob file: `sha256:abc…` → `abc…`. */
export function hexOf(digest: Digest): string {
  return digest.slice('sha256:'.length);
}

export function digestOfBytes(bytes: Buffer | string): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Docker's short image id: the first 12 hex characters. */
export function shortId(digest: Digest): string {
  return hexOf(digest).slice(0, 12);
}

/**
 * A pass-through stream that hashes and counts what flows through it, so a
 * digest is computed in the same pass that writes or unpacks the bytes.
 */
export class DigestingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  /** Valid once the stream has ended (after `finish`/`end`). */
  result(): { digest: Digest; size: number } {
    return { digest: `sha256:${this.hash.copy().digest('hex')}`, size: this.bytes };
  }
}
