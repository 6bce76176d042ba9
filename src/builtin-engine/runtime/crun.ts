/**
 * crun's state file: `<root>/<id>/status`, JSON with the init pid, its
 * start time, the bundle, the rootfs as config.json gives it (maybe
 * relative to the bundle) and the cgroup path. crun computes the status
 * like runc (state-files.ts), reading the freezer of the cgroup path: v1's
 * freezer.state (legacy and hybrid hosts), cgroup2's cgroup.freeze
 * (unified hosts); a cgroup that is gone means the container stopped.
 */
import { posix } from 'node:path';
import { CGROUP_ROOT, type CgroupLayout, type CgroupMode } from './cgroup-mode.js';
import type { PausedCheck, SavedState } from './state-files.js';

export const CRUN_STATE_FILE = 'status';

interface CrunStatusFile {
  readonly pid?: unknown;
  readonly 'process-start-time'?: unknown;
  readonly 'cgroup-path'?: unknown;
  readonly bundle?: unknown;
  readonly rootfs?: unknown;
}

export function crunPausedCheck(cgroupPath: string, mode: CgroupMode | undefined): PausedCheck {
  if (cgroupPath === '') return 'never';
  if (mode === undefined) return 'unknown';
  return mode === 'unified'
    ? {
        file: posix.join(CGROUP_ROOT, cgroupPath, 'cgroup.freeze'),
        frozen: (content) => content.includes('1'),
        whenMissing: 'stopped',
      }
    : {
        file: posix.join(CGROUP_ROOT, 'freezer', cgroupPath, 'freezer.state'),
        // crun: FROZEN is paused; FREEZING (on its way) still counts as running.
        frozen: (content) => content.includes('FROZEN'),
        whenMissing: 'stopped',
      };
}

export function parseCrunStatus(
  text: string,
  mode: CgroupMode | undefined,
): SavedState | undefined {
  let saved: CrunStatusFile;
  try {
    saved = JSON.parse(text) as CrunStatusFile;
  } catch {
    return undefined;
  }
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { pid, bundle, rootfs } = saved;
  const start = saved['process-start-time'];
  const cgroupPath = saved['cgroup-path'] ?? '';
  if (
    typeof pid !== 'number' ||
    pid <= 0 ||
    typeof bundle !== 'string' ||
    !posix.isAbsolute(bundle) ||
    typeof rootfs !== 'string' ||
    typeof cgroupPath !== 'string'
  ) {
    return undefined;
  }
  return {
    pid,
    // crun checks the start time only when it recorded one (0 = older crun).
    startTime: typeof start === 'number' && start > 0 ? start : undefined,
    bundle,
    rootfs: posix.resolve(bundle, rootfs),
    paused: crunPausedCheck(cgroupPath, mode),
  };
}

/**
 * What `crun create` must run under here, or undefined for nothing. crun
 * 1.8 refuses a hybrid host whose cgroup2 side has controllers ("cgroups
 * in hybrid mode not supported"), and only in create: kill, start, state,
 * pause, resume, ps, exec and delete work there (they use the cgroup path
 * crun recorded). So create alone runs in a private mount namespace where
 * a small empty tmpfs covers /sys/fs/cgroup/unified: crun then sees a
 * legacy host (it looks at the file system type) and puts the container in
 * the v1 hierarchies only. The mount must be a fresh file system, not an
 * unmount: a legacy crun also joins "unified" when that directory exists,
 * and below the host's cgroup2 mount lies the host's /sys/fs/cgroup tmpfs,
 * where it would leave a directory and a cgroup.procs file per container
 * for good (seen with `umount`), and a proc mount there makes create fail.
 * Slave propagation keeps the mount off the host; the namespace and the
 * tmpfs go when create exits (the container's namespace is a copy whose
 * old root is detached). Costs ~4 ms per create (sh + mount).
 */
export function crunCreateWrapper(
  layout: CgroupLayout,
  unshare: string,
): readonly string[] | undefined {
  if (layout.mode !== 'hybrid' || layout.unifiedControllers === '') return undefined;
  const cover = `mount -t tmpfs -o size=64k,mode=755 tscompose ${CGROUP_ROOT}/unified`;
  // The runtime's own command line follows the wrapper: "$@" after sh's $0.
  return [
    unshare,
    '--mount',
    '--propagation',
    'slave',
    '/bin/sh',
    '-c',
    `${cover} && exec "$@"`,
    'sh',
  ];
}
