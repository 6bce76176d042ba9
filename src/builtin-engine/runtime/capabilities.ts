/**
 * Linux capabilities the way Docker computes them: a default set, `capAdd`
 * and `capDrop` with or without the `CAP_` prefix, in any case, and `ALL`
 * on either side. Unknown names are the client's error, as in Docker.
 */
import { RuntimeError } from './errors.js';

/** Every capability Linux 5.9+ knows, in kernel order (bit 0 … 40). */
export const ALL_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** Docker's default set for unprivileged containers. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** `net_admin`, `NET_ADMIN`, `cap_net_admin` → `CAP_NET_ADMIN`; `all` → `ALL`. */
function normalize(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!ALL_CAPABILITIES.includes(full)) {
    throw new RuntimeError('invalid-config', `unknown capability: "${name}"`);
  }
  return full;
}

/**
 * The capabilities a container gets. `available` is what this process may
 * grant (its bounding set): "all" means all of those, since runc cannot hand
 * out a capability it does not hold itself.
 */
export function containerCapabilities(
  options: {
    privileged: boolean;
    capAdd: readonly string[];
    capDrop: readonly string[];
  },
  available: readonly string[] = ALL_CAPABILITIES,
): string[] {
  const all = ALL_CAPABILITIES.filter((cap) => available.includes(cap));
  if (options.privileged) return all;
  const add = options.capAdd.map(normalize);
  const drop = options.capDrop.map(normalize);
  let caps: string[];
  if (add.includes('ALL')) {
    caps = all.filter((cap) => !drop.includes(cap));
  } else if (drop.includes('ALL')) {
    caps = add;
  } else {
    caps = [...DEFAULT_CAPABILITIES.filter((cap) => !drop.includes(cap)), ...add];
  }
  return [...new Set(caps)].filter((cap) => available.includes(cap));
}

/** The capability names set in a `/proc/<pid>/status` hex mask (`CapBnd:`). */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}
