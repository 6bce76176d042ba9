/**
 * The local side of `cp SRC SERVICE:DEST`: a tar of SRC whose root entry is
 * already named as it must land in the container (tar-fs packs, we name).
 * `SRC/.` packs the directory's contents; `-L` follows SRC when it is a link.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pack } from 'tar-fs';
import { rebaseName } from './cp-tar.js';

/** Whether a path names a directory's contents (`dir/.`), as docker cp reads it. */
export const namesContents = (path: string): boolean => /(^|\/)\.$/.test(path);

/**
 * Packs the local `source`; `rootName` is the name its root gets in the archive
 * (default: its own base name, or `.` for `dir/.`).
 */
export async function packLocal(
  source: string,
  options: { readonly followLink: boolean; readonly rootName?: string },
): Promise<Readable> {
  const absolute = resolve(source);
  if (namesContents(source)) {
    const to = options.rootName ?? '.';
    return pack(absolute, {
      map: (header) => ({ ...header, name: header.name === '.' ? to : `${to}/${header.name}` }),
    }) as unknown as Readable;
  }
  const real = options.followLink ? await realpath(absolute) : absolute;
  const from = basename(real);
  const to = options.rootName ?? basename(absolute);
  return pack(dirname(real), {
    entries: [from],
    map: (header) => ({ ...header, name: rebaseName(header.name, { from, to }) }),
  }) as unknown as Readable;
}
