/**
 * Container paths for the archive endpoints (`docker cp`), resolved the way
 * dockerd resolves them: the path is absolute in the container, every
 * symlink on the way resolves inside the container's root (never onto the
 * host), and the last element is not followed unless the path ends in `/`
 * or `/.` (so `cp web:/link .` copies the link itself, `web:/link/` what it
 * points at). The stat is dockerd's ContainerPathStat: `mode` carries Go's
 * os.FileMode bits, `linkTarget` the link's target resolved in the root.
 */
import type { BigIntStats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { EngineApiError, type ContainerPathStat } from '../../ports.js';
import { resolveInRoot } from '../../runtime/rootfs-file.js';

/** Go's os.FileMode type and special bits (above the nine permission bits). */
export const GO_MODE = {
  dir: 2 ** 31,
  symlink: 2 ** 27,
  device: 2 ** 26,
  namedPipe: 2 ** 25,
  socket: 2 ** 24,
  setuid: 2 ** 23,
  setgid: 2 ** 22,
  charDevice: 2 ** 21,
  sticky: 2 ** 20,
} as const;

const S_IFMT = 0o170000;
const TYPE_BITS: Readonly<Record<number, number>> = {
  0o040000: GO_MODE.dir,
  0o120000: GO_MODE.symlink,
  0o060000: GO_MODE.device,
  0o020000: GO_MODE.device + GO_MODE.charDevice,
  0o010000: GO_MODE.namedPipe,
  0o140000: GO_MODE.socket,
};

/** A Unix st_mode as Go's os.FileMode (sums, not `|`: bit 31 is past JavaScript's int32 operators). */
export function goFileMode(unixMode: number): number {
  let mode = (unixMode & 0o777) + (TYPE_BITS[unixMode & S_IFMT] ?? 0);
  if ((unixMode & 0o4000) !== 0) mode += GO_MODE.setuid;
  if ((unixMode & 0o2000) !== 0) mode += GO_MODE.setgid;
  if ((unixMode & 0o1000) !== 0) mode += GO_MODE.sticky;
  return mode;
}

/** Nanoseconds since the epoch as Go's RFC 3339 with nanoseconds (trailing zeros trimmed, UTC). */
export function goTime(nanoseconds: bigint): string {
  const seconds = nanoseconds / 1_000_000_000n;
  const fraction = nanoseconds % 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const digits = fraction.toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${digits === '' ? '' : `.${digits}`}Z`;
}

/** Keeps a trailing `/` or `/.` that joining and normalizing would drop: both change what is meant. */
export function absoluteContainerPath(path: string): string {
  const joined = posix.join('/', path);
  if (/(^|\/)\.$/.test(path) && !joined.endsWith('/.')) return `${joined === '/' ? '' : joined}/.`;
  if (path.endsWith('/') && !joined.endsWith('/')) return `${joined}/`;
  return joined;
}

/** The name dockerd gives the path: Go's filepath.Base (`/a/b/` → `b`, `/a/.` → `.`, `/` → `/`). */
export function baseName(absPath: string): string {
  const trimmed = absPath.replace(/\/+$/, '');
  return trimmed === '' ? '/' : posix.basename(trimmed);
}

export function fileNotFound(path: string, container: string): EngineApiError {
  return new EngineApiError(404, `Could not find the file ${path} in container ${container}`);
}

export interface ResolvedPath {
  /** As the client meant it, absolute in the container (trailing `/` or `/.` kept). */
  readonly absPath: string;
  /** On the host, under `root`; the last element unresolved unless the path ends in `/` or `/.`. */
  readonly hostPath: string;
  readonly stats: BigIntStats;
  readonly stat: ContainerPathStat;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * lstat, except for the root itself: `/proc/<pid>/root` is a link to follow
 * (to the container's `/`), and a root given as a plain directory is one.
 */
function statOwn(root: string, hostPath: string): Promise<BigIntStats> {
  return hostPath === root ? stat(hostPath, { bigint: true }) : lstat(hostPath, { bigint: true });
}

/** The host path of `hostPath` as seen from the container (`/` + the part below `root`). */
export function containerPathOf(root: string, hostPath: string): string {
  const relative = posix.relative(root, hostPath);
  return relative === '' ? '/' : `/${relative}`;
}

/**
 * Resolves `path` under `root` as dockerd's ResolvePath + StatPath do; a
 * missing path is the 404 clients read (`Could not find the file …`).
 */
export async function resolveForStat(
  root: string,
  path: string,
  container: string,
): Promise<ResolvedPath> {
  const absPath = absoluteContainerPath(path);
  try {
    const followLast = absPath.endsWith('/') || absPath.endsWith('/.');
    const hostPath = followLast
      ? await resolveInRoot(root, absPath)
      : posix.join(await resolveInRoot(root, posix.dirname(absPath)), posix.basename(absPath));
    const stats = await statOwn(root, hostPath);
    let linkTarget = '';
    if (stats.isSymbolicLink()) {
      linkTarget = containerPathOf(root, await resolveInRoot(root, absPath));
    }
    const stat: ContainerPathStat = {
      name: baseName(absPath),
      size: Number(stats.size),
      mode: goFileMode(Number(stats.mode)),
      mtime: goTime(stats.mtimeNs),
      linkTarget,
    };
    return { absPath, hostPath, stats, stat };
  } catch (error) {
    if (isMissing(error)) throw fileNotFound(absPath, container);
    if ((error as Error).message.startsWith('too many levels of symbolic links')) {
      throw new EngineApiError(400, (error as Error).message);
    }
    throw error;
  }
}

/** The directory a PUT extracts into: the path with every link followed (also the last), in the root. */
export async function resolveExtractionPoint(
  root: string,
  path: string,
  container: string,
): Promise<string> {
  const absPath = absoluteContainerPath(path);
  let hostPath: string;
  let isDirectory: boolean;
  try {
    hostPath = await resolveInRoot(root, absPath);
    isDirectory = (await statOwn(root, hostPath)).isDirectory();
  } catch (error) {
    if (isMissing(error)) throw fileNotFound(absPath, container);
    throw error;
  }
  if (!isDirectory) throw new EngineApiError(400, 'extraction point is not a directory');
  return hostPath;
}
