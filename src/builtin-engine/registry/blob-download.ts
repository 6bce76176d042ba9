/**
 * One blob from the registry into the store: streamed through the store's
 * ingest (hashed on the way), refused if it is longer than its descriptor
 * says, and committed only when digest and size match.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Descriptor, ImageStore } from '../store/index.js';
import { ImageStoreError } from '../store/index.js';
import type { RegistryClient } from './client.js';
import { pullError, RegistryError } from './errors.js';

/** Counts bytes and stops a body that runs past the size its descriptor promised. */
class SizeGuard extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly onBytes: (current: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new Error(`more than the ${this.limit} bytes its descriptor states`));
      return;
    }
    this.onBytes(this.seen);
    done(null, chunk);
  }
}

export async function downloadBlob(
  store: ImageStore,
  client: RegistryClient,
  descriptor: Descriptor,
  what: string,
  onBytes: (current: number) => void = () => undefined,
): Promise<void> {
  const body = await client.blob(descriptor.digest, what);
  const ingest = store.blobs.begin();
  try {
    await pipeline(body, new SizeGuard(descriptor.size, onBytes), ingest.writable);
  } catch (error) {
    await ingest.abort();
    if (error instanceof RegistryError || (error as Error).name === 'AbortError') throw error;
    throw pullError(
      client.context,
      'invalid-response',
      `${what}: download failed: ${(error as Error).message}`,
      error,
    );
  }
  try {
    await ingest.commit({ digest: descriptor.digest, size: descriptor.size, what });
  } catch (error) {
    if (error instanceof ImageStoreError && error.code === 'digest-mismatch') {
      throw pullError(client.context, 'digest-mismatch', error.message, error);
    }
    throw error;
  }
}
