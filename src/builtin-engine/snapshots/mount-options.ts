/**
 * The overlay mount's option string. mount(2) copies its data argument as one
 * page, so `lowerdir=…,upperdir=…,workdir=…` must fit in 4095 bytes (4096 is
 * the smallest page size Linux runs on). Absolute layer paths are ~100 bytes
 * each, which caps an image at ~40 layers; Docker allows 127.
 *
 * So there are two forms:
 * - `absolute`: every path absolute, nothing else to prepare (all usual images);
 * - `linked`: the mount runs with the container directory as its working
 *   directory, and names each lower dir through a short link `l/<n>` made in
 *   that directory (overlay resolves the links once, at mount time), so each
 *   layer costs ~5 bytes: 680 layers fit, beyond overlay's own limit of 500.
 *   The links live inside the container directory, so there is no shared
 *   namespace of short names to allocate or collect (Docker's overlay2 keeps a
 *   global `l/` directory instead).
 */
import { join } from 'node:path';
import { SnapshotError } from './errors.js';
import type { SnapshotPaths } from './layout.js';

/** Bytes mount(2) accepts in its data argument, without the closing NUL. */
export const MOUNT_DATA_LIMIT = 4095;

export interface ShortLink {
  /** Relative to the container directory. */
  readonly name: string;
  readonly target: string;
}

export type MountPlan =
  | { readonly kind: 'absolute'; readonly options: string; readonly target: string }
  | {
      readonly kind: 'linked';
      /** The mount's working directory: every path in `options` is relative to it. */
      readonly cwd: string;
      readonly links: readonly ShortLink[];
      readonly options: string;
      readonly target: string;
    };

// The option parser splits on `,` (options) and `:` (lower dirs) and treats `\` as an escape.
const UNSAFE_CHARS = /[,:\\\n]/;

function checkPath(containerId: string, path: string): void {
  if (UNSAFE_CHARS.test(path)) {
    throw new SnapshotError(
      'unsupported-path',
      `container ${containerId}`,
      path,
      'overlay mount paths cannot contain ",", ":", "\\" or a newline',
    );
  }
}

function optionString(lowers: readonly string[], upper: string, work: string): string {
  return `lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${work}`;
}

/** Chooses the form (see above) for mounting `lowerDirs` (top layer first) under `paths`. */
export function planOverlayMount(
  containerId: string,
  paths: SnapshotPaths,
  lowerDirs: readonly string[],
  limit: number = MOUNT_DATA_LIMIT,
): MountPlan {
  if (lowerDirs.length === 0) {
    throw new SnapshotError(
      'bad-image',
      `container ${containerId}`,
      paths.dir,
      'an overlay mount needs at least one lower dir',
    );
  }
  for (const path of [...lowerDirs, paths.upper, paths.work]) checkPath(containerId, path);
  const absolute = optionString(lowerDirs, paths.upper, paths.work);
  if (absolute.length <= limit) {
    return { kind: 'absolute', options: absolute, target: paths.merged };
  }
  const links = lowerDirs.map((target, index) => ({ name: join('l', String(index)), target }));
  const options = optionString(
    links.map((link) => link.name),
    'upper',
    'work',
  );
  if (options.length > limit) {
    throw new SnapshotError(
      'too-many-layers',
      `container ${containerId}`,
      paths.dir,
      `${lowerDirs.length} layers do not fit in one overlay mount (${options.length} bytes of options, the limit is ${limit})`,
    );
  }
  return { kind: 'linked', cwd: paths.dir, links, options, target: 'merged' };
}
