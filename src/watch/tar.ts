/**
 * The tar stream a sync sends to the engine's archive API (extracted at `/`):
 * one entry per changed file, symlink or directory (directories with their
 * content), named by its container path, with the host file's mode, owner and
 * time. Paths that no longer exist on the host are returned as removals.
 *
 * Collecting (stat, walk) and packing (reading contents) are separate so the
 * same entries can be packed once per container without a buffer of the whole
 * archive. No header is written for the parents of a path: the engine creates
 * missing ones, and leaves existing ones (and their owners) alone.
 */
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pack as createPack, type Header } from 'tar-stream';
import type { PathMapping } from './types.js';

/** A host path to copy and where it goes (see `PathMapping`). */
export type SyncItem = PathMapping;

export interface TarEntry {
  /** The container path without its leading `/`. */
  readonly name: string;
  readonly hostPath: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: Date;
  readonly size: number;
  readonly linkname?: string;
}

export interface CollectedSync {
  readonly entries: readonly TarEntry[];
  /** Container paths whose host path no longer exists. */
  readonly removed: readonly string[];
}

const missing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

async function entryOf(hostPath: string, containerPath: string): Promise<TarEntry | undefined> {
  const stats = await lstat(hostPath);
  const type = stats.isFile()
    ? 'file'
    : stats.isDirectory()
      ? 'directory'
      : stats.isSymbolicLink()
        ? 'symlink'
        : undefined;
  // Sockets, fifos and devices have no content worth copying.
  if (type === undefined) return undefined;
  return {
    name: containerPath.replace(/^\/+/, ''),
    hostPath,
    type,
    mode: stats.mode & 0o7777,
    uid: stats.uid,
    gid: stats.gid,
    mtime: stats.mtime,
    size: type === 'file' ? stats.size : 0,
    ...(type === 'symlink' ? { linkname: await readlink(hostPath) } : {}),
  };
}

/** Stats every item (and walks directories); a vanished path becomes a removal. */
export async function collectSync(items: readonly SyncItem[]): Promise<CollectedSync> {
  // Keyed by container path, last one wins: a path changed twice is sent once.
  const entries = new Map<string, TarEntry>();
  const removed = new Set<string>();
  const visit = async (hostPath: string, containerPath: string, item: SyncItem, top: boolean) => {
    let entry: TarEntry | undefined;
    try {
      entry = await entryOf(hostPath, containerPath);
    } catch (error) {
      if (!missing(error)) throw error;
      // Only a path the batch named is removed; a file gone during a walk is simply not sent.
      if (top) removed.add(containerPath);
      return;
    }
    if (entry === undefined) return;
    if (!(top && item.root && entry.type === 'directory')) {
      entries.delete(entry.name);
      entries.set(entry.name, entry);
    }
    if (entry.type !== 'directory') return;
    let names: string[];
    try {
      names = (await readdir(hostPath)).sort();
    } catch (error) {
      if (missing(error)) return;
      throw error;
    }
    for (const name of names) {
      const child = join(hostPath, name);
      if (item.accepts && !item.accepts(child)) continue;
      await visit(child, posix.join(containerPath, name), item, false);
    }
  };
  for (const item of items) {
    removed.delete(item.containerPath);
    await visit(item.hostPath, item.containerPath, item, true);
  }
  return { entries: [...entries.values()], removed: [...removed] };
}

/** Files up to this size are read whole (their size is then exactly what is sent); bigger ones are streamed. */
const READ_WHOLE_LIMIT = 16 * 1024 * 1024;

function header(entry: TarEntry, size: number): Partial<Header> & Pick<Header, 'name'> {
  return {
    name: entry.name,
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: entry.mtime,
    size,
    ...(entry.linkname !== undefined ? { linkname: entry.linkname } : {}),
  };
}

/** A tar stream of the entries; a file that cannot be read any more fails the stream. */
export function packEntries(entries: readonly TarEntry[]): Readable {
  const pack = createPack();
  const write = async () => {
    for (const entry of entries) {
      if (entry.type !== 'file') {
        pack.entry(header(entry, 0));
        continue;
      }
      if (entry.size <= READ_WHOLE_LIMIT) {
        let content: Buffer;
        try {
          content = await readFile(entry.hostPath);
        } catch (error) {
          // Deleted since it was listed: the next batch removes it.
          if (missing(error)) continue;
          throw error;
        }
        pack.entry(header(entry, content.length), content);
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry(header(entry, entry.size), (error) =>
          error ? reject(error) : resolve(),
        );
        createReadStream(entry.hostPath, { start: 0, end: entry.size - 1 })
          .on('error', reject)
          .pipe(sink);
      });
    }
    pack.finalize();
  };
  write().catch((error: unknown) => pack.destroy(error as Error));
  // A Node stream over tar-stream's streamx one, as the engine's HTTP client expects.
  return Readable.from(pack);
}
