/**
 * Archive handling of `cp`. Extraction is where a container can attack the
 * host (the archive comes from inside it), so every entry is checked before
 * anything is written: no absolute names, no `..` leaving the destination, no
 * write through a symbolic link (a link entry followed by `link/file`, or a
 * file entry over a link), hard links only to files inside the destination.
 */
import { constants } from 'node:fs';
import { chmod, link, lstat, mkdir, open, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';

/** An entry's content: read it to the end (or `resume()` to skip it) before the next entry. */
interface EntryBody extends AsyncIterable<unknown> {
  resume(): unknown;
}

/** A `cp` that cannot be done as asked: one sentence, exit code 1. */
export class CopyError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly code: 'cp.unsafe-entry' | 'cp.usage' | 'cp.destination',
    message: string,
  ) {
    super(message);
    this.name = 'CopyError';
  }
}

/** Renames the archive's root entry (`from`, or `from/...`) to `to`. */
export interface Rebase {
  readonly from: string;
  readonly to: string;
}

export function rebaseName(name: string, rebase: Rebase | undefined): string {
  if (!rebase) return name;
  const trimmed = name.replace(/\/+$/, '');
  if (trimmed === rebase.from) return rebase.to;
  if (trimmed.startsWith(`${rebase.from}/`)) return rebase.to + trimmed.slice(rebase.from.length);
  return name;
}

/**
 * The entry's path relative to the destination, or a `CopyError` when it would
 * land outside it. `''` is the destination itself (`./`).
 */
export function safeEntryPath(name: string): string {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || name.includes('\0'))
    throw new CopyError('cp.unsafe-entry', `refusing archive entry "${name}": absolute path`);
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..')
      throw new CopyError(
        'cp.unsafe-entry',
        `refusing archive entry "${name}": it leaves the destination`,
      );
    parts.push(part);
  }
  return parts.join('/');
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates the parent directories of `relative` under `root`, refusing to pass through a link. */
async function ensureParents(root: string, relative: string, entryName: string): Promise<void> {
  const parts = relative.split('/').slice(0, -1);
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    const stat = await lstatOrUndefined(current);
    if (stat?.isSymbolicLink())
      throw new CopyError(
        'cp.unsafe-entry',
        `refusing archive entry "${entryName}": it would be written through the symbolic link ${current}`,
      );
    if (stat && !stat.isDirectory())
      throw new CopyError(
        'cp.destination',
        `cannot copy "${entryName}": ${current} is not a directory`,
      );
    if (!stat) await mkdir(current);
  }
}

/** The entry's own path must not be a link (writing would follow it) nor a directory for a file. */
async function checkTarget(target: string, header: Header): Promise<void> {
  const stat = await lstatOrUndefined(target);
  if (!stat) return;
  if (stat.isSymbolicLink())
    throw new CopyError(
      'cp.unsafe-entry',
      `refusing archive entry "${header.name}": ${target} is a symbolic link`,
    );
  if (stat.isDirectory() && header.type !== 'directory')
    throw new CopyError('cp.destination', `cannot overwrite directory ${target} with a file`);
}

async function writeEntry(root: string, header: Header, body: EntryBody, rebase?: Rebase) {
  const relative = safeEntryPath(rebaseName(header.name, rebase));
  const target = relative === '' ? root : join(root, relative);
  if (relative !== '') {
    await ensureParents(root, relative, header.name);
    await checkTarget(target, header);
  }
  const mode = (header.mode ?? 0o644) & 0o7777;
  switch (header.type) {
    case 'directory':
      if (!(await lstatOrUndefined(target))) await mkdir(target, { mode });
      body.resume();
      return;
    case 'file':
    case 'contiguous-file': {
      // O_NOFOLLOW: a link put in place after the check above is still not followed.
      const flags =
        constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
      const file = await open(target, flags, mode);
      try {
        for await (const chunk of body) await file.write(chunk as Uint8Array);
      } finally {
        await file.close();
      }
      await chmod(target, mode);
      if (header.mtime) await utimes(target, header.mtime, header.mtime);
      return;
    }
    case 'symlink':
      body.resume();
      // A link is only created, never followed: later entries through it are refused above.
      await symlink(header.linkname ?? '', target);
      return;
    case 'link': {
      body.resume();
      const source = safeEntryPath(rebaseName(header.linkname ?? '', rebase));
      const sourcePath = join(root, source);
      const stat = await lstatOrUndefined(sourcePath);
      if (!stat?.isFile())
        throw new CopyError(
          'cp.unsafe-entry',
          `refusing archive entry "${header.name}": hard link to "${header.linkname}", which is not a file of this copy`,
        );
      await link(sourcePath, target);
      return;
    }
    default:
      // Devices, FIFOs and extended headers are not recreated on the host.
      body.resume();
  }
}

/**
 * Extracts `tar` into the existing directory `root`, the root entry renamed by
 * `rebase`. Stops at the first unsafe entry (what came before it stays).
 */
export async function extractSafely(tar: Readable, root: string, rebase?: Rebase): Promise<void> {
  const entries = extract();
  tar.on('error', (error) => entries.destroy(error));
  tar.pipe(entries as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of entries) await writeEntry(root, entry.header, entry, rebase);
  } catch (error) {
    tar.destroy();
    throw error;
  }
}
