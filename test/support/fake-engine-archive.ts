/**
 * The archive endpoints of FakeEngineCore: a container's files are a flat
 * map `absolute path → content` (directories are implied by the paths under
 * them). A GET of a file is a one-entry tar named by its base name; a PUT
 * records every file entry under the destination.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';
import { EngineApiError, type ContainerPathStat } from '../../src/builtin-engine/ports.js';

const GO_MODE_DIR = 2 ** 31;
const MTIME = '2024-01-02T03:04:05.123456789Z';

function notFound(path: string, ref: string): EngineApiError {
  return new EngineApiError(404, `Could not find the file ${path} in container ${ref}`);
}

export function fakeStat(files: Map<string, string>, ref: string, path: string): ContainerPathStat {
  const abs = posix.join('/', path);
  const name = abs === '/' ? '/' : posix.basename(abs);
  const content = files.get(abs);
  if (content !== undefined)
    return { name, size: content.length, mode: 0o644, mtime: MTIME, linkTarget: '' };
  const prefix = abs === '/' ? '/' : `${abs}/`;
  if ([...files.keys()].some((file) => file.startsWith(prefix)))
    return { name, size: 4096, mode: GO_MODE_DIR + 0o755, mtime: MTIME, linkTarget: '' };
  throw notFound(abs, ref);
}

export function fakeGetArchive(
  files: Map<string, string>,
  ref: string,
  path: string,
): { stat: ContainerPathStat; archive: Readable } {
  const stat = fakeStat(files, ref, path);
  const tar = pack();
  const abs = posix.join('/', path);
  const content = files.get(abs);
  if (content !== undefined) tar.entry({ name: stat.name, mode: 0o644 }, content);
  else {
    tar.entry({ name: `${stat.name}/`, type: 'directory', mode: 0o755 });
    for (const [file, text] of files) {
      if (file.startsWith(`${abs}/`))
        tar.entry({ name: `${stat.name}/${file.slice(abs.length + 1)}`, mode: 0o644 }, text);
    }
  }
  tar.finalize();
  return { stat, archive: tar as unknown as Readable };
}

export async function fakePutArchive(
  files: Map<string, string>,
  ref: string,
  path: string,
  source: Readable,
): Promise<void> {
  const stat = fakeStat(files, ref, path);
  if (stat.mode < GO_MODE_DIR) throw new EngineApiError(400, 'extraction point is not a directory');
  const entries = extract();
  source.pipe(entries as unknown as NodeJS.WritableStream);
  for await (const entry of entries) {
    let text = '';
    for await (const chunk of entry) text += Buffer.from(chunk as Uint8Array).toString();
    if (entry.header.type === 'file') files.set(posix.join('/', path, entry.header.name), text);
  }
}
