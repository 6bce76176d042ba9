/**
 * Writes one tar entry into the layer directory: regular files, directories,
 * symlinks, hard links, device nodes and FIFOs, plus the overlayfs forms of
 * OCI whiteouts (`.wh.NAME` → a 0/0 character device NAME; `.wh..wh..opq` →
 * `trusted.overlay.opaque=y` on the directory). Every path goes through
 * LayerTree first (see safe-path.ts for the rules).
 *
 * TODO: PAX `SCHILY.xattr.*` records (file capabilities such as ping's
 * `security.capability`) are not applied yet: tar-stream decodes PAX values as
 * UTF-8 text, which corrupts binary values, and a wrong capability is worse
 * than none. Applying them needs the raw PAX bytes.
 */
import { link, lstat, mkdir, open, rm, symlink } from 'node:fs/promises';
import type { Header } from 'tar-stream';
import { applyMeta, metaOf, type DeferredDirectories } from './metadata.js';
import { UnsafePathError, entryComponents, type LayerTree } from './safe-path.js';
import type { NodeKind, SpecialFiles } from './special-files.js';

export interface EntryContext {
  readonly tree: LayerTree;
  readonly directories: DeferredDirectories;
  readonly special: SpecialFiles;
  readonly ownership: boolean;
}

/** An entry's content as tar-stream hands it over (a streamx Readable of Buffers). */
export interface EntryBody extends AsyncIterable<unknown> {
  resume(): unknown;
}

export class UnsupportedEntryError extends Error {
  override readonly name = 'UnsupportedEntryError';
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
const NODE_KINDS: Readonly<Record<string, NodeKind>> = {
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

function componentsOf(name: string, what: string): readonly string[] {
  const check = entryComponents(name);
  if (!check.ok)
    throw new UnsafePathError(what === '' ? check.reason : `${what} "${name}": ${check.reason}`);
  return check.components;
}

/** Removes whatever an earlier entry left at `path` (unlink, never follow). */
async function clear(
  context: EntryContext,
  components: readonly string[],
  path: string,
): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined) return;
  if (stats.isDirectory()) {
    context.tree.forget(components);
    context.directories.forget(components);
  }
  await rm(path, { recursive: true, force: true });
}

async function writeWhiteout(
  context: EntryContext,
  components: readonly string[],
  header: Header,
): Promise<void> {
  const base = components[components.length - 1] as string;
  const parent = components.slice(0, -1);
  if (base === OPAQUE_MARKER) {
    await context.tree.prepareParent(components);
    const dir = context.tree.pathOf(parent);
    await context.special.setXattr(dir, 'trusted.overlay.opaque', Buffer.from('y'));
    return;
  }
  // Other `.wh..wh.*` names are aufs bookkeeping (e.g. `.wh..wh.plnk`): nothing for overlayfs.
  if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return;
  const hidden = base.slice(WHITEOUT_PREFIX.length);
  if (hidden === '' || hidden === '.' || hidden === '..') {
    throw new UnsafePathError(`whiteout "${base}" names no valid entry`);
  }
  const target = [...parent, hidden];
  const path = await context.tree.prepareParent(target);
  await clear(context, target, path);
  await context.special.mknod(path, 'char', 0, 0);
  await applyMeta(path, { ...metaOf(header, 0), mode: 0 }, 'node', context.ownership);
}

/** The existing entry a hard link points at, checked like any other path (no symlinked parents). */
async function linkTarget(context: EntryContext, linkname: string): Promise<string> {
  const components = componentsOf(linkname, 'hard link target');
  if (components.length === 0)
    throw new UnsafePathError('a hard link cannot point at the layer root');
  const path = await context.tree.prepareParent(components);
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined) {
    throw new UnsupportedEntryError(`hard link target "${linkname}" does not exist in this layer`);
  }
  if (stats.isDirectory())
    throw new UnsupportedEntryError(`hard link target "${linkname}" is a directory`);
  return path;
}

async function writeFile(path: string, body: EntryBody): Promise<void> {
  // 'wx' = O_CREAT|O_EXCL: fails rather than follow anything that appeared at `path`.
  const handle = await open(path, 'wx', 0o600);
  try {
    for await (const chunk of body) await handle.write(chunk as Uint8Array);
  } finally {
    await handle.close();
  }
}

export async function writeEntry(
  context: EntryContext,
  header: Header,
  body: EntryBody,
): Promise<void> {
  const components = componentsOf(header.name, '');
  const base = components[components.length - 1];
  if (base?.startsWith(WHITEOUT_PREFIX) === true) {
    body.resume();
    return writeWhiteout(context, components, header);
  }
  // tar-stream reports types it does not know (GNU sparse, …) as null.
  const type: string = header.type ?? 'unknown';
  if (type === 'directory') {
    body.resume();
    const path = await context.tree.prepareParent(components);
    if (components.length > 0) {
      const stats = await lstat(path).catch(() => undefined);
      if (stats?.isDirectory() !== true) {
        await clear(context, components, path);
        await mkdir(path, { mode: 0o700 });
      }
      context.tree.markDirectory(components);
    }
    context.directories.set(components, path, metaOf(header, 0o755));
    return;
  }
  if (components.length === 0)
    throw new UnsafePathError(`a ${type} entry cannot replace the layer root`);
  const path = await context.tree.prepareParent(components);
  if (type === 'file' || type === 'contiguous-file') {
    await clear(context, components, path);
    await writeFile(path, body);
    return applyMeta(path, metaOf(header, 0o644), 'file', context.ownership);
  }
  body.resume();
  if (type === 'symlink') {
    await clear(context, components, path);
    await symlink(header.linkname ?? '', path);
    return applyMeta(path, metaOf(header, 0o777), 'symlink', context.ownership);
  }
  if (type === 'link') {
    const target = await linkTarget(context, header.linkname ?? '');
    if (target === path) return;
    await clear(context, components, path);
    // link(2) does not follow a symlink at `target`: the new name is another link to the symlink.
    await link(target, path);
    return;
  }
  const kind = NODE_KINDS[type];
  if (kind === undefined)
    throw new UnsupportedEntryError(`entries of type "${type}" are not supported`);
  await clear(context, components, path);
  await context.special.mknod(path, kind, header.devmajor ?? 0, header.devminor ?? 0);
  return applyMeta(path, metaOf(header, 0o644), 'node', context.ownership);
}
