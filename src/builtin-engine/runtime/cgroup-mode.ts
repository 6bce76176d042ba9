/**
 * Which cgroup layout this host has, decided the way crun decides it (its
 * `detect_cgroup_mode`): /sys/fs/cgroup is itself cgroup2 → unified; it is a
 * tmpfs of v1 hierarchies → legacy, or hybrid when a cgroup2 file system
 * is also mounted on /sys/fs/cgroup/unified. The mode decides whether crun
 * needs its create wrapper (select.ts) and where a container's freezer
 * state is read (crun.ts).
 */
import { readFile, statfs } from 'node:fs/promises';

export type CgroupMode = 'unified' | 'legacy' | 'hybrid';

/** statfs(2) f_type values (linux/magic.h). */
export const CGROUP2_SUPER_MAGIC = 0x63677270;
export const TMPFS_MAGIC = 0x01021994;

export const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * `rootType`: f_type of /sys/fs/cgroup; `unifiedType`: of /sys/fs/cgroup/unified,
 * undefined when that path does not exist. undefined for a layout crun refuses too
 * (/sys/fs/cgroup neither cgroup2 nor tmpfs).
 */
export function cgroupModeOf(
  rootType: number,
  unifiedType: number | undefined,
): CgroupMode | undefined {
  if (rootType === CGROUP2_SUPER_MAGIC) return 'unified';
  if (rootType !== TMPFS_MAGIC) return undefined;
  return unifiedType === CGROUP2_SUPER_MAGIC ? 'hybrid' : 'legacy';
}

async function fsType(path: string): Promise<number | undefined> {
  try {
    return (await statfs(path)).type;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface CgroupLayout {
  readonly mode: CgroupMode | undefined;
  /** The controllers enabled on the cgroup2 side of a hybrid host ('' when none). */
  readonly unifiedControllers: string;
}

export async function detectCgroupLayout(root = CGROUP_ROOT): Promise<CgroupLayout> {
  const rootType = await fsType(root);
  if (rootType === undefined) return { mode: undefined, unifiedControllers: '' };
  const mode = cgroupModeOf(rootType, await fsType(`${root}/unified`));
  const unifiedControllers =
    mode === 'hybrid'
      ? (await readFile(`${root}/unified/cgroup.controllers`, 'utf8').catch(() => '')).trim()
      : '';
  return { mode, unifiedControllers };
}

let cached: Promise<CgroupLayout> | undefined;

/** This host's layout, looked up once per process (it does not change while the host runs). */
export function hostCgroupLayout(): Promise<CgroupLayout> {
  cached ??= detectCgroupLayout();
  return cached;
}
