/**
 * ContainerRuntimeSpec → the OCI runtime config (config.json) runc runs,
 * shaped like the one the Docker Engine generates: Docker's kernel mounts,
 * masked paths, default capabilities and device rules, the user's mounts
 * after them, namespaces, sysctls and cgroup limits. Pure: everything about
 * the host (which capabilities this process holds, its open-files limit,
 * the cgroup parent) comes in as `HostFacts`.
 */
import { posix } from 'node:path';
import type { ContainerRuntimeSpec, MountSpec, ResourceLimits } from '../ports.js';
import { containerCapabilities } from './capabilities.js';
import { RuntimeError } from './errors.js';
import {
  DEFAULT_SHM_BYTES,
  MASKED_PATHS,
  READONLY_PATHS,
  defaultDeviceRules,
  defaultMounts,
  type OciDeviceRule,
  type OciMount,
} from './oci-defaults.js';
import type { ResolvedUser } from './user.js';

export interface HostFacts {
  /** Capabilities this process may grant (its bounding set). */
  readonly availableCapabilities: readonly string[];
  /** Containers get this RLIMIT_NOFILE (soft = hard), like Docker's daemon-wide default. */
  readonly openFilesLimit: number;
  /** Absolute cgroup path under which each container gets `<parent>/<id>`. */
  readonly cgroupParent: string;
}

export interface OciProcess {
  terminal: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities: { bounding: string[]; effective: string[]; permitted: string[] };
  rlimits: Array<{ type: string; hard: number; soft: number }>;
  noNewPrivileges: boolean;
}

export interface OciNamespace {
  type: string;
  path?: string;
}

export interface OciResources {
  devices: OciDeviceRule[];
  memory?: { limit?: number; reservation?: number; swap?: number };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string };
  pids?: { limit: number };
}

export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly: boolean };
  hostname: string;
  domainname?: string;
  mounts: OciMount[];
  linux: {
    namespaces: OciNamespace[];
    maskedPaths?: string[];
    readonlyPaths?: string[];
    sysctl?: Record<string, string>;
    resources: OciResources;
    cgroupsPath: string;
  };
}

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

function checkTarget(target: string): string {
  if (!posix.isAbsolute(target)) {
    throw new RuntimeError(
      'invalid-config',
      `mount target ${JSON.stringify(target)} is not absolute`,
    );
  }
  return posix.normalize(target).replace(/(.)\/$/, '$1');
}

/** A bind or tmpfs mount as Docker writes it: recursive private binds, tmpfs noexec/nosuid/nodev unless asked otherwise. */
export function userMount(mount: MountSpec): OciMount {
  const destination = checkTarget(mount.target);
  const extra = [...(mount.options ?? [])];
  const readOnly = mount.readOnly ? ['ro'] : [];
  if (mount.type === 'bind') {
    const propagation = extra.find((option) => PROPAGATIONS.has(option)) ?? 'rprivate';
    const rest = extra.filter((option) => !PROPAGATIONS.has(option) && option !== 'ro');
    return {
      destination,
      type: 'bind',
      source: mount.source,
      options: ['rbind', propagation, ...rest, ...readOnly],
    };
  }
  const base = ['noexec', 'nosuid', 'nodev'].filter(
    (flag) => !extra.includes(flag.slice(2)) && !extra.includes(flag),
  );
  const rest = extra.filter((option) => option !== 'ro');
  return { destination, type: 'tmpfs', source: 'tmpfs', options: [...base, ...rest, ...readOnly] };
}

const depth = (path: string): number => (path === '/' ? 0 : path.split('/').length - 1);

/** Docker's kernel mounts, minus those a user mount replaces, then the user's, parents before children. */
export function containerMounts(spec: ContainerRuntimeSpec): OciMount[] {
  const users = spec.mounts.map(userMount);
  const taken = new Set(users.map((mount) => mount.destination));
  const defaults = defaultMounts(spec.shmSizeBytes ?? DEFAULT_SHM_BYTES, spec.privileged).filter(
    (mount) => !taken.has(mount.destination),
  );
  const sorted = users
    .map((mount, index) => ({ mount, index }))
    .sort((a, b) => depth(a.mount.destination) - depth(b.mount.destination) || a.index - b.index)
    .map((entry) => entry.mount);
  return [...defaults, ...sorted];
}

export function containerNamespaces(spec: ContainerRuntimeSpec): OciNamespace[] {
  const namespaces: OciNamespace[] = [
    { type: 'pid' },
    { type: 'ipc' },
    { type: 'uts' },
    { type: 'mount' },
  ];
  if (spec.network.kind === 'path') namespaces.push({ type: 'network', path: spec.network.path });
  if (spec.network.kind === 'none') namespaces.push({ type: 'network' });
  return namespaces;
}

/** cgroup limits; memory swap defaults to twice the memory limit as in Docker. */
export function containerResources(limits: ResourceLimits, privileged: boolean): OciResources {
  const resources: OciResources = { devices: defaultDeviceRules(privileged) };
  const memory: NonNullable<OciResources['memory']> = {};
  if (limits.memoryBytes !== undefined && limits.memoryBytes > 0) {
    memory.limit = limits.memoryBytes;
    const swap = limits.memorySwapBytes;
    memory.swap = swap === undefined || swap === 0 ? limits.memoryBytes * 2 : swap;
    if (memory.swap !== -1 && memory.swap < memory.limit) {
      throw new RuntimeError(
        'invalid-config',
        'Minimum memoryswap limit should be larger than memory limit, see usage',
      );
    }
  }
  if (limits.memoryReservationBytes !== undefined && limits.memoryReservationBytes > 0) {
    memory.reservation = limits.memoryReservationBytes;
  }
  if (Object.keys(memory).length > 0) resources.memory = memory;

  const cpu: NonNullable<OciResources['cpu']> = {};
  if (limits.cpuShares !== undefined && limits.cpuShares > 0) cpu.shares = limits.cpuShares;
  if (limits.cpuQuota !== undefined && limits.cpuQuota !== 0) cpu.quota = limits.cpuQuota;
  if (limits.cpuPeriod !== undefined && limits.cpuPeriod > 0) cpu.period = limits.cpuPeriod;
  if (limits.cpusetCpus !== undefined && limits.cpusetCpus !== '') cpu.cpus = limits.cpusetCpus;
  if (Object.keys(cpu).length > 0) resources.cpu = cpu;

  if (limits.pidsLimit !== undefined && limits.pidsLimit !== 0) {
    resources.pids = { limit: limits.pidsLimit < 0 ? -1 : limits.pidsLimit };
  }
  return resources;
}

export function buildOciSpec(
  spec: ContainerRuntimeSpec,
  user: ResolvedUser,
  host: HostFacts,
): OciSpec {
  if (spec.args.length === 0) {
    throw new RuntimeError('invalid-config', 'no command specified');
  }
  const caps = containerCapabilities(spec, host.availableCapabilities);
  const process: OciProcess = {
    terminal: spec.tty,
    user: {
      uid: user.uid,
      gid: user.gid,
      ...(user.additionalGids.length > 0 ? { additionalGids: [...user.additionalGids] } : {}),
    },
    args: [...spec.args],
    env: [...spec.env],
    cwd: spec.cwd === '' ? '/' : spec.cwd,
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: host.openFilesLimit, soft: host.openFilesLimit }],
    noNewPrivileges: false,
  };
  const linux: OciSpec['linux'] = {
    namespaces: containerNamespaces(spec),
    resources: containerResources(spec.limits, spec.privileged),
    cgroupsPath: posix.join(host.cgroupParent, spec.id),
  };
  if (!spec.privileged) {
    linux.maskedPaths = [...MASKED_PATHS];
    linux.readonlyPaths = [...READONLY_PATHS];
  }
  if (Object.keys(spec.sysctls).length > 0) linux.sysctl = { ...spec.sysctls };
  return {
    ociVersion: '1.0.2',
    process,
    root: { path: spec.rootfs, readonly: spec.readonlyRootfs },
    hostname: spec.hostname,
    ...(spec.domainname ? { domainname: spec.domainname } : {}),
    mounts: containerMounts(spec),
    linux,
  };
}
