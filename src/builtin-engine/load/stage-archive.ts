/**
 * Reads an image archive once, front to back. Which files are layers is only
 * known from manifest.json or index.json, which may come last, so every
 * regular file is streamed into the store's ingest area while being hashed;
 * the loader later commits the ones an image needs and the rest are dropped.
 * Archive paths are only map keys here, never file-system paths: nothing in
 * the archive chooses where bytes are written.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import * as tar from 'tar-stream';
import type { Digest } from '../digest.js';
import { detectCompression, type Compression } from '../layers/decompress.js';
import type { BlobStore, Expected, Ingest } from '../store/blobs.js';
import { invalidArchive } from './errors.js';

/** JSON documents (manifest.json, index.json, configs, manifests) are kept in memory up to this size. */
const SMALL_FILE_LIMIT = 4 * 1024 * 1024;
const SYMLINK_HOPS = 16;

export interface StagedFile {
  readonly path: string;
  readonly digest: Digest;
  readonly size: number;
  readonly compression: Compression;
  /** The content, for files up to SMALL_FILE_LIMIT bytes. */
  readonly content?: Buffer;
}

export interface StagedArchive {
  /** The file at `path`, following the archive's symlinks and hard links. */
  file(path: string): StagedFile | undefined;
  /** Moves a staged file into the store as a verified blob (once, however often it is asked). */
  commit(file: StagedFile, expected: Expected): Promise<void>;
  /** Drops every file not committed. */
  discard(): Promise<void>;
}

function normalize(name: string): string {
  const cleaned = posix.normalize(`/${name}`).slice(1);
  return cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

async function stageEntry(
  body: AsyncIterable<unknown>,
  ingest: Ingest,
): Promise<{ head: Buffer; content?: Buffer }> {
  const small: Buffer[] = [];
  let length = 0;
  for await (const value of body) {
    const chunk = value as Buffer;
    if (length <= SMALL_FILE_LIMIT) small.push(chunk);
    length += chunk.length;
    if (!ingest.writable.write(chunk)) await once(ingest.writable, 'drain');
  }
  ingest.writable.end();
  const all = Buffer.concat(small);
  return { head: all.subarray(0, 8), ...(length <= SMALL_FILE_LIMIT ? { content: all } : {}) };
}

export async function stageArchive(source: Readable, blobs: BlobStore): Promise<StagedArchive> {
  const files = new Map<string, { file: StagedFile; ingest: Ingest }>();
  const links = new Map<string, string>();
  const committed = new Set<Ingest>();
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const path = normalize(entry.header.name);
      const type = entry.header.type;
      if (type === 'file' || type === 'contiguous-file') {
        const ingest = blobs.begin();
        const earlier = files.get(path);
        if (earlier !== undefined) await earlier.ingest.abort();
        const { head, content } = await stageEntry(entry, ingest);
        const info = await ingest.finished();
        const file = {
          path,
          ...info,
          compression: detectCompression(head),
          ...(content ? { content } : {}),
        };
        files.set(path, { file, ingest });
        continue;
      }
      if (type === 'symlink' || type === 'link') {
        const target = entry.header.linkname ?? '';
        // A symlink is relative to its directory; a hard link names a path from the archive root.
        links.set(
          path,
          normalize(type === 'symlink' ? posix.join(posix.dirname(path), target) : target),
        );
      }
      entry.resume();
    }
  } catch (error) {
    source.destroy();
    await Promise.all([...files.values()].map(({ ingest }) => ingest.abort()));
    // System errors (disk full, …) are ours to report as they are; the rest is tar-stream refusing the input.
    if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
    throw invalidArchive(`it is not a readable tar archive (${(error as Error).message})`, error);
  }
  const lookup = (path: string): { file: StagedFile; ingest: Ingest } | undefined => {
    let current = normalize(path);
    for (let hop = 0; hop < SYMLINK_HOPS; hop += 1) {
      const found = files.get(current);
      if (found !== undefined) return found;
      const next = links.get(current);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  };
  return {
    file: (path) => lookup(path)?.file,
    async commit(file, expected) {
      const staged = lookup(file.path);
      if (staged === undefined || committed.has(staged.ingest)) return;
      committed.add(staged.ingest);
      await staged.ingest.commit(expected);
    },
    async discard() {
      const open = [...files.values()].filter(({ ingest }) => !committed.has(ingest));
      await Promise.all(open.map(({ ingest }) => ingest.abort()));
    },
  };
}
