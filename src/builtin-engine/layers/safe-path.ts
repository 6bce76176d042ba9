/**
 * Keeping every write inside the layer directory. Two rules, both checked
 * before anything is created:
 * 1. a name is relative and has no `..` component (`../x`, `/etc/x`, `a/../../x`
 *    are refused, not cleaned: a layer that needs them is malformed or hostile);
 * 2. no directory on the way to an entry is a symbolic link. A layer may ship
 *    `a -> /etc` and then `a/passwd`; following the link would write the host's
 *    /etc. Symlinks themselves are stored as written (they are resolved inside
 *    the container's root later, never by us).
 * The final component is never followed either: writers unlink what is there
 * and create with O_EXCL, so an earlier `x -> /outside` cannot redirect `x`.
 *
 * The layer directory is private to the unpacker while it runs (a fresh temp
 * dir), so checks and writes do not race with anyone.
 */
import { lstat, mkdir, chmod } from 'node:fs/promises';
import { join } from 'node:path';

export type PathCheck =
  | { readonly ok: true; readonly components: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** `./usr/bin/` → `['usr', 'bin']`; `./` → `[]` (the layer root itself). */
export function entryComponents(name: string): PathCheck {
  if (name.startsWith('/')) {
    return { ok: false, reason: 'absolute paths are not allowed in a layer' };
  }
  if (name.includes('\0')) return { ok: false, reason: 'the name contains a NUL byte' };
  const components = name.split('/').filter((part) => part !== '' && part !== '.');
  if (components.includes('..')) {
    return { ok: false, reason: 'the path climbs out of the layer with ".."' };
  }
  return { ok: true, components };
}

export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/**
 * The directories of one layer being unpacked. Remembers which relative
 * directory paths are known to be real directories, so a deep tree costs one
 * lstat per directory, not per entry.
 */
export class LayerTree {
  private readonly knownDirs = new Set<string>(['']);

  constructor(readonly root: string) {}

  /** Absolute path of `components` under the root (no checks: see `prepareParent`). */
  pathOf(components: readonly string[]): string {
    return join(this.root, ...components);
  }

  /**
   * Makes sure every parent of `components` is a real directory inside the
   * root, creating missing ones (0755, as tar does); refuses symlinks and
   * non-directories on the way. Returns the absolute path of the entry.
   */
  async prepareParent(components: readonly string[]): Promise<string> {
    for (let depth = 1; depth < components.length; depth += 1) {
      const relative = components.slice(0, depth).join('/');
      if (this.knownDirs.has(relative)) continue;
      const path = join(this.root, relative);
      const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (stats === undefined) {
        await mkdir(path);
        await chmod(path, 0o755);
      } else if (stats.isSymbolicLink()) {
        throw new UnsafePathError(
          `"${relative}" is a symbolic link; writing through it could leave the layer directory`,
        );
      } else if (!stats.isDirectory()) {
        throw new UnsafePathError(`"${relative}" is not a directory`);
      }
      this.knownDirs.add(relative);
    }
    return this.pathOf(components);
  }

  /** Records that `components` is now a directory created by the unpacker. */
  markDirectory(components: readonly string[]): void {
    this.knownDirs.add(components.join('/'));
  }

  /** Forgets `components` and everything below it (it was removed or replaced). */
  forget(components: readonly string[]): void {
    const relative = components.join('/');
    for (const known of this.knownDirs) {
      if (known === relative || known.startsWith(`${relative}/`)) this.knownDirs.delete(known);
    }
  }
}
