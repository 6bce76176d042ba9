/**
 * Extracts a client's tar into a directory of a container's root file
 * system (`PUT /containers/{id}/archive`). The directory belongs to a
 * container, so every entry is checked before anything is written, with the
 * layer unpack's rules (layers/safe-path.ts): names are relative without
 * `..`; no directory on the way is a symbolic link (a link `a -> /etc` and
 * then `a/passwd` would write the host's /etc); the entry's own path is never
 * followed (what is there is removed, files are created with O_EXCL); hard
 * links point at files of the same destination. Unlike a layer, `.wh.` names
 * are ordinary files here, as in dockerd's Untar.
 *
 * Existing directories are merged into; anything else at an entry's path is
 * replaced, unless `noOverwriteDirNonDir` forbids swapping a directory for a
 * non-directory or the reverse.
 */
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header } from 'tar-stream';
import { entryComponents } from '../../layers/index.js';
import { applyMeta, DeferredDirectories, metaOf, type EntryMeta } from '../../layers/metadata.js';
import type { SpecialFiles } from '../../layers/special-files.js';
import { EngineApiError } from '../../ports.js';

export interface ExtractOptions {
  readonly noOverwriteDirNonDir: boolean;
  /** chown to the archive's ids (as root); false leaves new files to the daemon's user. */
  readonly ownership: boolean;
  /** Every entry owned by these ids instead of the archive's (`copyUIDGID` with a container user). */
  readonly owner?: { readonly uid: number; readonly gid: number };
  readonly special: SpecialFiles;
}

/** An entry the archive may not contain: the whole PUT is refused with a 400. */
function refused(name: string, reason: string): EngineApiError {
  return new EngineApiError(400, `refusing archive entry "${name}": ${reason}`);
}

const NODE_KINDS = {
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
} as const;

class Extraction {
  private readonly knownDirs = new Set<string>(['']);
  readonly directories = new DeferredDirectories();

  constructor(
    private readonly root: string,
    private readonly options: ExtractOptions,
  ) {}

  /** `path` checked as a name of this archive (the entry's own, or its hard link's target). */
  private components(name: string, path = name, what = ''): readonly string[] {
    const check = entryComponents(path);
    if (!check.ok) {
      const reason = check.reason
        .replace('a layer', 'an archive')
        .replace('the layer', 'the destination');
      throw refused(name, `${what}${reason}`);
    }
    return check.components;
  }

  private meta(header: Header, defaultMode: number): EntryMeta {
    const meta = metaOf(header, defaultMode);
    return this.options.owner === undefined ? meta : { ...meta, ...this.options.owner };
  }

  /** Creates missing parents (0755, as tar does); refuses links and non-directories on the way. */
  private async parent(name: string, components: readonly string[]): Promise<string> {
    for (let depth = 1; depth < components.length; depth += 1) {
      const relative = components.slice(0, depth).join('/');
      if (this.knownDirs.has(relative)) continue;
      const path = join(this.root, relative);
      const stats = await lstat(path).catch(() => undefined);
      if (stats === undefined) {
        await mkdir(path, { mode: 0o755 });
      } else if (stats.isSymbolicLink()) {
        throw refused(name, `"${relative}" is a symbolic link; writing through it is not allowed`);
      } else if (!stats.isDirectory()) {
        throw refused(name, `"${relative}" is not a directory`);
      }
      this.knownDirs.add(relative);
    }
    return join(this.root, ...components);
  }

  /** Removes what is at `path` before a new entry takes it; never follows a link. */
  private async clear(name: string, path: string, becomesDirectory: boolean): Promise<void> {
    const stats = await lstat(path).catch(() => undefined);
    if (stats === undefined) return;
    const isDirectory = stats.isDirectory();
    if (this.options.noOverwriteDirNonDir && isDirectory !== becomesDirectory) {
      throw new EngineApiError(
        400,
        isDirectory
          ? `cannot overwrite directory "${name}" with non-directory`
          : `cannot overwrite non-directory "${name}" with directory`,
      );
    }
    if (isDirectory) {
      const prefix = path.slice(this.root.length + 1);
      for (const known of this.knownDirs) {
        if (known === prefix || known.startsWith(`${prefix}/`)) this.knownDirs.delete(known);
      }
      this.directories.forget(prefix.split('/'));
    }
    await rm(path, { recursive: true, force: true });
  }

  async write(header: Header, body: Readable): Promise<void> {
    const { name } = header;
    const components = this.components(name);
    const type: string = header.type ?? 'unknown';
    const path = await this.parent(name, components);
    const { ownership } = this.options;
    if (type === 'directory') {
      body.resume();
      const stats = components.length > 0 ? await lstat(path).catch(() => undefined) : undefined;
      if (components.length > 0 && stats?.isDirectory() !== true) {
        await this.clear(name, path, true);
        await mkdir(path, { mode: 0o700 });
      }
      this.knownDirs.add(components.join('/'));
      this.directories.set(components, path, this.meta(header, 0o755));
      return;
    }
    if (components.length === 0)
      throw refused(name, 'only a directory can replace the destination');
    if (type === 'file' || type === 'contiguous-file') {
      await this.clear(name, path, false);
      // O_EXCL|O_NOFOLLOW: fails rather than write through anything that appeared at `path`.
      const flags =
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
      const handle = await open(path, flags, 0o600);
      try {
        for await (const chunk of body) await handle.write(chunk as Uint8Array);
      } finally {
        await handle.close();
      }
      return applyMeta(path, this.meta(header, 0o644), 'file', ownership);
    }
    body.resume();
    if (type === 'symlink') {
      // Stored as written: it is resolved inside the container later, never by us.
      await this.clear(name, path, false);
      await symlink(header.linkname ?? '', path);
      return applyMeta(path, this.meta(header, 0o777), 'symlink', ownership);
    }
    if (type === 'link') {
      const linkname = header.linkname ?? '';
      const target = await this.parent(name, this.components(name, linkname, 'hard link target: '));
      const stats = await lstat(target).catch(() => undefined);
      if (stats === undefined || stats.isDirectory())
        throw refused(name, `hard link target "${header.linkname}" is not a file of this archive`);
      if (target === path) return;
      await this.clear(name, path, false);
      await link(target, path);
      return;
    }
    const kind = NODE_KINDS[type as keyof typeof NODE_KINDS];
    if (kind === undefined) throw refused(name, `entries of type "${type}" are not supported`);
    await this.clear(name, path, false);
    await this.options.special.mknod(path, kind, header.devmajor ?? 0, header.devminor ?? 0);
    return applyMeta(path, this.meta(header, 0o644), 'node', ownership);
  }
}

/** Extracts `source` (a tar, uncompressed) into the existing directory `root`. */
export async function extractArchive(
  source: Readable,
  root: string,
  options: ExtractOptions,
): Promise<number> {
  const extraction = new Extraction(root, options);
  const entries = extract();
  const reading = pipeline(source, entries);
  reading.catch(() => undefined); // awaited below; this keeps an early failure observed
  let count = 0;
  try {
    for await (const entry of entries) {
      await extraction.write(entry.header, entry as unknown as Readable);
      count += 1;
    }
    await reading;
  } catch (error) {
    entries.destroy();
    await reading.catch(() => undefined);
    if (error instanceof EngineApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS') throw new EngineApiError(403, 'container rootfs is marked read-only');
    throw new EngineApiError(
      code === undefined ? 400 : 500,
      `extracting the archive failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  await extraction.directories.apply(options.ownership);
  return count;
}
