/**
 * Owner, mode and times of unpacked entries. Order matters: chown before
 * chmod (chown clears setuid/setgid bits), times last. Directories get all
 * three at the very end, deepest first, because creating their children
 * changes their mtime and a read-only mode would stop those children.
 */
import { chmod, lchown, lutimes, utimes } from 'node:fs/promises';
import type { Header } from 'tar-stream';

export interface EntryMeta {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: Date;
}

export type MetaKind = 'file' | 'directory' | 'symlink' | 'node';

export function metaOf(header: Header, defaultMode: number): EntryMeta {
  return {
    mode: (header.mode ?? defaultMode) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    mtime: header.mtime ?? new Date(0),
  };
}

/** `ownership`: chown to the archive's ids (root only; otherwise files stay the caller's). */
export async function applyMeta(
  path: string,
  meta: EntryMeta,
  kind: MetaKind,
  ownership: boolean,
): Promise<void> {
  // New files belong to the unpacker (0:0 as root): skip the call when that is already right.
  if (ownership && (meta.uid !== 0 || meta.gid !== 0)) await lchown(path, meta.uid, meta.gid);
  if (kind === 'symlink') {
    await lutimes(path, meta.mtime, meta.mtime);
    return;
  }
  await chmod(path, meta.mode);
  await utimes(path, meta.mtime, meta.mtime);
}

/** Directory metadata, applied once everything below it exists. */
export class DeferredDirectories {
  private readonly pending = new Map<string, { path: string; meta: EntryMeta }>();

  set(components: readonly string[], path: string, meta: EntryMeta): void {
    this.pending.set(components.join('/'), { path, meta });
  }

  /** A directory that was replaced or removed has nothing left to apply. */
  forget(components: readonly string[]): void {
    const relative = components.join('/');
    for (const key of this.pending.keys()) {
      if (key === relative || key.startsWith(`${relative}/`)) this.pending.delete(key);
    }
  }

  async apply(ownership: boolean): Promise<void> {
    const depth = (key: string): number => (key === '' ? 0 : key.split('/').length);
    const keys = [...this.pending.keys()].sort((a, b) => depth(b) - depth(a));
    for (const key of keys) {
      const { path, meta } = this.pending.get(key) as { path: string; meta: EntryMeta };
      await applyMeta(path, meta, 'directory', ownership);
    }
  }
}
