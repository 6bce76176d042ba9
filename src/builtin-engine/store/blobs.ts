/**
 * Content-addressed blobs. Every write streams into a temp file under ingest/
 * while hashing, checks the digest (and size) it was promised, then renames
 * the file into blobs/sha256/<hex>. A blob path therefore never holds partial
 * or unverified content, and writing a blob that exists is a no-op.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestingStream, digestOfBytes, isDigest, type Digest } from '../digest.js';
import { ImageStoreError, digestMismatch } from './errors.js';
import { blobPath, type StoreLayout } from './layout.js';

export interface BlobInfo {
  readonly digest: Digest;
  readonly size: number;
}

export interface Expected {
  readonly digest?: Digest;
  readonly size?: number;
  /** Names the blob in errors: `layer sha256:… of busybox:latest`. */
  readonly what?: string;
}

/** A blob being written: pipe into `writable`, then `commit` or `abort`. */
export interface Ingest {
  readonly writable: Writable;
  /** Digest and size of what was written, once everything reached the temp file. */
  finished(): Promise<BlobInfo>;
  /** Verifies against `expected` and moves the file into blobs/ (or drops it if the blob exists). */
  commit(expected?: Expected): Promise<BlobInfo>;
  abort(): Promise<void>;
}

export class BlobStore {
  constructor(private readonly layout: StoreLayout) {}

  /** Creates the directories and drops temp files a crash left in ingest/. */
  async init(): Promise<void> {
    await rm(this.layout.ingestDir, { recursive: true, force: true });
    await mkdir(this.layout.blobsDir, { recursive: true });
    await mkdir(this.layout.ingestDir, { recursive: true });
  }

  begin(): Ingest {
    const tempPath = join(this.layout.ingestDir, randomBytes(12).toString('hex'));
    const digesting = new DigestingStream();
    const file = createWriteStream(tempPath, { mode: 0o644 });
    const done = pipeline(digesting, file);
    // The caller's pipeline reports write errors; this keeps the promise observed.
    done.catch(() => undefined);
    const layout = this.layout;
    return {
      writable: digesting,
      finished: async () => {
        await done;
        return digesting.result();
      },
      async commit(expected: Expected = {}): Promise<BlobInfo> {
        try {
          await done;
          const info = digesting.result();
          const what = expected.what ?? 'blob';
          if (expected.digest !== undefined && expected.digest !== info.digest) {
            throw digestMismatch(expected.digest, info.digest, what);
          }
          if (expected.size !== undefined && expected.size !== info.size) {
            throw new ImageStoreError(
              'digest-mismatch',
              `${what}: ${info.size} bytes, expected ${expected.size}; the blob was not stored`,
            );
          }
          await rename(tempPath, blobPath(layout, info.digest));
          return info;
        } finally {
          await rm(tempPath, { force: true });
        }
      },
      async abort(): Promise<void> {
        digesting.destroy();
        await done.catch(() => undefined);
        await rm(tempPath, { force: true });
      },
    };
  }

  /** Streams `source` into the store, verifying it against `expected`. */
  async write(source: Readable | Buffer | string, expected: Expected = {}): Promise<BlobInfo> {
    const ingest = this.begin();
    const input =
      typeof source === 'string' || Buffer.isBuffer(source)
        ? Readable.from([Buffer.from(source)])
        : source;
    try {
      await pipeline(input, ingest.writable);
    } catch (error) {
      await ingest.abort();
      throw error;
    }
    return ingest.commit(expected);
  }

  async has(digest: Digest): Promise<boolean> {
    return (await this.size(digest)) !== undefined;
  }

  async size(digest: Digest): Promise<number | undefined> {
    try {
      return (await stat(blobPath(this.layout, digest))).size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The whole blob, checked against its digest (for the small JSON documents). */
  async readBytes(digest: Digest): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(blobPath(this.layout, digest));
    } catch (error) {
      if (isMissing(error)) {
        throw new ImageStoreError('corrupt', `blob ${digest} is missing from the image store`);
      }
      throw error;
    }
    const actual = digestOfBytes(bytes);
    if (actual !== digest) {
      throw new ImageStoreError(
        'corrupt',
        `blob ${digest} is damaged: its content hashes to ${actual}`,
      );
    }
    return bytes;
  }

  async readJson<T>(digest: Digest): Promise<T> {
    const bytes = await this.readBytes(digest);
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch (error) {
      throw new ImageStoreError('corrupt', `blob ${digest} is not valid JSON`, { cause: error });
    }
  }

  /** A stream of the blob (layers: too big to read whole; the reader verifies as it unpacks). */
  openRead(digest: Digest): Readable {
    return createReadStream(blobPath(this.layout, digest));
  }

  async delete(digest: Digest): Promise<void> {
    await rm(blobPath(this.layout, digest), { force: true });
  }

  async list(): Promise<Digest[]> {
    const names = await readdir(this.layout.blobsDir);
    return names.map((hex) => `sha256:${hex}`).filter(isDigest);
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
