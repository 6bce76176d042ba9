/**
 * A container's root file system: an overlay of the image's layer dirs
 * (read-only, shared) under the container's own upper dir. Mounting and
 * unmounting run mount(8)/umount(8) as child processes (Node has no mount(2));
 * the built-in engine runs as root. See layout.ts for the directory layout and
 * mount-options.ts for how long layer lists still fit in one mount.
 */
import { lstat, mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runCommand } from '../host/commands.js';
import { SnapshotError, describeFailure } from './errors.js';
import { snapshotPaths, type SnapshotPaths } from './layout.js';
import { planOverlayMount, type MountPlan } from './mount-options.js';
import { mountsAtOrBelow, readMountInfo } from './mountinfo.js';

/** More mounts than this stacked on one merged dir means something keeps mounting it. */
const MAX_STACKED_MOUNTS = 8;

export interface Snapshot {
  readonly upper: string;
  readonly work: string;
  readonly merged: string;
}

function subject(containerId: string): string {
  return `container ${containerId}`;
}

/** The container directory, refusing a symlink planted in its place. */
async function existingDir(containerId: string, paths: SnapshotPaths): Promise<void> {
  const stats = await lstat(paths.dir).catch(() => undefined);
  if (stats === undefined) {
    throw new SnapshotError('not-found', subject(containerId), paths.dir, 'no snapshot');
  }
  if (!stats.isDirectory()) {
    throw new SnapshotError(
      'not-found',
      subject(containerId),
      paths.dir,
      'the snapshot path is not a directory',
    );
  }
}

/** Makes `<root>/containers/<id>/` with empty upper, work and merged dirs; does not mount. */
export async function createSnapshot(
  root: string,
  containerId: string,
  lowerDirs: readonly string[],
): Promise<Snapshot> {
  const paths = snapshotPaths(root, containerId);
  // Validates the lower dirs and paths now, not at the first mount.
  planOverlayMount(containerId, paths, lowerDirs);
  await mkdir(dirname(paths.dir), { recursive: true });
  await mkdir(paths.dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    throw new SnapshotError('exists', subject(containerId), paths.dir, 'a snapshot exists');
  });
  try {
    // 0755 like Docker's: the container's root is readable by its non-root users.
    for (const dir of [paths.upper, paths.work, paths.merged]) await mkdir(dir, { mode: 0o755 });
    await writeFile(paths.lowerFile, `${JSON.stringify(lowerDirs)}\n`);
  } catch (error) {
    await rm(paths.dir, { recursive: true, force: true });
    throw error;
  }
  return { upper: paths.upper, work: paths.work, merged: paths.merged };
}

async function readLowerDirs(containerId: string, paths: SnapshotPaths): Promise<string[]> {
  await existingDir(containerId, paths);
  try {
    const lowers: unknown = JSON.parse(await readFile(paths.lowerFile, 'utf8'));
    if (Array.isArray(lowers) && lowers.every((dir) => typeof dir === 'string')) return lowers;
  } catch (error) {
    throw new SnapshotError('not-found', subject(containerId), paths.lowerFile, 'unreadable', {
      cause: error,
    });
  }
  throw new SnapshotError('not-found', subject(containerId), paths.lowerFile, 'not a list');
}

/** The short links of a `linked` plan, made afresh so they match lower.json. */
async function makeLinks(plan: MountPlan & { kind: 'linked' }, linksDir: string): Promise<void> {
  await rm(linksDir, { recursive: true, force: true });
  await mkdir(linksDir);
  for (const link of plan.links) await symlink(link.target, `${plan.cwd}/${link.name}`);
}

/** mountinfo lists canonical paths: resolve symlinks in `path` (e.g. a symlinked /tmp) first. */
async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** Whether `path` itself is a mount point (from /proc/self/mountinfo). */
export async function isMounted(path: string): Promise<boolean> {
  const target = await canonical(path);
  return (await readMountInfo()).some((entry) => entry.mountPoint === target);
}

/** Mounts the overlay on `merged`; a snapshot already mounted is left as it is. */
export async function mountSnapshot(root: string, containerId: string): Promise<Snapshot> {
  const paths = snapshotPaths(root, containerId);
  const lowers = await readLowerDirs(containerId, paths);
  const snapshot = { upper: paths.upper, work: paths.work, merged: paths.merged };
  if (await isMounted(paths.merged)) return snapshot;
  const plan = planOverlayMount(containerId, paths, lowers);
  if (plan.kind === 'linked') await makeLinks(plan, paths.links);
  try {
    await runCommand(
      'mount',
      ['-t', 'overlay', 'overlay', '-o', plan.options, plan.target],
      plan.kind === 'linked' ? { cwd: plan.cwd } : {},
    );
  } catch (error) {
    throw new SnapshotError(
      'mount-failed',
      subject(containerId),
      paths.merged,
      `mounting the overlay failed: ${describeFailure(error)}`,
      { cause: error },
    );
  }
  return snapshot;
}

/**
 * Unmounts `merged`; nothing to do when it is not mounted (or the snapshot is
 * gone). Repeats for mounts stacked on the same point, so "not mounted"
 * holds when it returns.
 */
export async function unmountSnapshot(root: string, containerId: string): Promise<void> {
  const paths = snapshotPaths(root, containerId);
  for (let attempt = 0; attempt < MAX_STACKED_MOUNTS; attempt += 1) {
    if (!(await isMounted(paths.merged))) return;
    try {
      await runCommand('umount', [paths.merged]);
    } catch (error) {
      // Someone else unmounted it in between: the goal is reached.
      if (!(await isMounted(paths.merged))) return;
      throw new SnapshotError(
        'unmount-failed',
        subject(containerId),
        paths.merged,
        `unmounting failed: ${describeFailure(error)}`,
        { cause: error },
      );
    }
  }
  throw new SnapshotError(
    'unmount-failed',
    subject(containerId),
    paths.merged,
    `still mounted after ${MAX_STACKED_MOUNTS} unmounts`,
  );
}

/**
 * Unmounts and deletes the container directory. Refuses while anything is
 * still mounted inside it (a bind mount a runtime left behind): deleting
 * through a mount would delete the mounted files themselves. rm never follows
 * symlinks, so links in upper/ or l/ cannot lead it outside.
 */
export async function removeSnapshot(root: string, containerId: string): Promise<void> {
  const paths = snapshotPaths(root, containerId);
  await unmountSnapshot(root, containerId);
  const stats = await lstat(paths.dir).catch(() => undefined);
  if (stats === undefined) return;
  if (!stats.isDirectory()) {
    // A symlink or file where the directory should be: remove the entry, never its target.
    await rm(paths.dir, { force: true });
    return;
  }
  const busy = mountsAtOrBelow(await readMountInfo(), await canonical(paths.dir));
  if (busy.length > 0) {
    throw new SnapshotError(
      'busy',
      subject(containerId),
      paths.dir,
      `still mounted inside the snapshot: ${busy.join(', ')}`,
    );
  }
  await rm(paths.dir, { recursive: true, force: true });
}
