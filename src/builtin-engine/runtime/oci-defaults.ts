/**
 * What Docker puts in every container's OCI spec besides the user's
 * settings (moby's oci.DefaultLinuxSpec): the kernel file systems, the
 * /proc and /sys paths hidden or made read-only, and the device cgroup's
 * allow list. Kept as data so oci-spec.ts reads as the rules only.
 */

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export interface OciDeviceRule {
  allow: boolean;
  type?: 'a' | 'c' | 'b';
  major?: number;
  minor?: number;
  access: string;
}

/** 64 MiB, Docker's default `/dev/shm`. */
export const DEFAULT_SHM_BYTES = 64 * 1024 * 1024;

/** The kernel file systems, in mount order; `/dev/shm` takes the container's size. */
export function defaultMounts(shmSizeBytes: number, privileged: boolean): OciMount[] {
  const sysOptions = privileged
    ? ['nosuid', 'noexec', 'nodev']
    : ['nosuid', 'noexec', 'nodev', 'ro'];
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: sysOptions },
    {
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: privileged ? ['nosuid', 'noexec', 'nodev'] : ['ro', 'nosuid', 'noexec', 'nodev'],
    },
    {
      destination: '/dev/mqueue',
      type: 'mqueue',
      source: 'mqueue',
      options: ['nosuid', 'noexec', 'nodev'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${shmSizeBytes}`],
    },
  ];
}

/** Hidden from unprivileged containers (bind-mounted over with /dev/null or an empty tmpfs). */
export const MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const READONLY_PATHS: readonly string[] = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

const chr = (major: number | undefined, minor: number | undefined): OciDeviceRule => ({
  allow: true,
  type: 'c',
  ...(major !== undefined ? { major } : {}),
  ...(minor !== undefined ? { minor } : {}),
  access: 'rwm',
});

/** Deny everything, then allow mknod and the usual character devices (null, zero, tty, pts …). */
export function defaultDeviceRules(privileged: boolean): OciDeviceRule[] {
  if (privileged) return [{ allow: true, access: 'rwm' }];
  return [
    { allow: false, access: 'rwm' },
    { allow: true, type: 'c', access: 'm' },
    { allow: true, type: 'b', access: 'm' },
    chr(1, 3), // /dev/null
    chr(1, 8), // /dev/random
    chr(1, 7), // /dev/full
    chr(5, 0), // /dev/tty
    chr(1, 5), // /dev/zero
    chr(1, 9), // /dev/urandom
    chr(136, undefined), // /dev/pts/*
    chr(5, 2), // /dev/ptmx
    chr(10, 200), // /dev/net/tun
  ];
}
