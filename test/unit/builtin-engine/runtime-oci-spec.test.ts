import { describe, expect, it } from 'vitest';
import type { ContainerRuntimeSpec } from '../../../src/builtin-engine/ports.js';
import {
  ALL_CAPABILITIES,
  DEFAULT_CAPABILITIES,
  RuntimeError,
  buildOciSpec,
  containerCapabilities,
  type HostFacts,
} from '../../../src/builtin-engine/runtime/index.js';
import { capabilitiesFromMask } from '../../../src/builtin-engine/runtime/capabilities.js';
import { boundingCapabilities, openFilesLimit } from '../../../src/builtin-engine/runtime/host.js';
import { userMount } from '../../../src/builtin-engine/runtime/oci-spec.js';

const id = 'a'.repeat(64);
const host: HostFacts = {
  availableCapabilities: ALL_CAPABILITIES,
  openFilesLimit: 1_048_576,
  cgroupParent: '/tscompose',
};
const user = { uid: 1000, gid: 1000, additionalGids: [10, 29] };

function spec(overrides: Partial<ContainerRuntimeSpec> = {}): ContainerRuntimeSpec {
  return {
    id,
    bundleDir: '/var/lib/tscompose/containers/x/bundle',
    rootfs: '/var/lib/tscompose/containers/x/merged',
    readonlyRootfs: false,
    args: ['sh', '-c', 'echo hi'],
    env: ['PATH=/bin', 'A=1'],
    cwd: '/srv',
    user: 'app',
    groupAdd: [],
    hostname: 'web',
    tty: false,
    openStdin: false,
    mounts: [],
    network: { kind: 'path', path: '/run/netns/x' },
    privileged: false,
    capAdd: [],
    capDrop: [],
    sysctls: {},
    limits: {},
    logPath: '/var/lib/tscompose/containers/x/x.log',
    ...overrides,
  };
}

function failure(run: () => unknown): RuntimeError {
  try {
    run();
  } catch (error) {
    if (error instanceof RuntimeError) return error;
    throw error;
  }
  throw new Error('expected a RuntimeError');
}

describe('buildOciSpec: process, root, hostname', () => {
  const oci = buildOciSpec(spec(), user, host);

  it('carries the command, env, cwd, user and terminal', () => {
    expect(oci.ociVersion).toBe('1.0.2');
    expect(oci.process).toMatchObject({
      terminal: false,
      user: { uid: 1000, gid: 1000, additionalGids: [10, 29] },
      args: ['sh', '-c', 'echo hi'],
      env: ['PATH=/bin', 'A=1'],
      cwd: '/srv',
      noNewPrivileges: false,
    });
    expect(buildOciSpec(spec({ tty: true }), user, host).process.terminal).toBe(true);
    expect(buildOciSpec(spec({ cwd: '' }), user, host).process.cwd).toBe('/');
  });

  it('omits additionalGids when there are none', () => {
    const plain = buildOciSpec(spec(), { uid: 0, gid: 0, additionalGids: [] }, host);
    expect(plain.process.user).toEqual({ uid: 0, gid: 0 });
  });

  it('sets RLIMIT_NOFILE from the host facts, soft = hard', () => {
    expect(oci.process.rlimits).toEqual([
      { type: 'RLIMIT_NOFILE', hard: 1_048_576, soft: 1_048_576 },
    ]);
    const capped = buildOciSpec(spec(), user, { ...host, openFilesLimit: 20_000 });
    expect(capped.process.rlimits[0]).toMatchObject({ hard: 20_000, soft: 20_000 });
  });

  it('uses the rootfs, read-only when asked, and the hostname/domainname', () => {
    expect(oci.root).toEqual({ path: spec().rootfs, readonly: false });
    expect(buildOciSpec(spec({ readonlyRootfs: true }), user, host).root.readonly).toBe(true);
    expect(oci.hostname).toBe('web');
    expect(oci).not.toHaveProperty('domainname');
    expect(buildOciSpec(spec({ domainname: 'example.org' }), user, host).domainname).toBe(
      'example.org',
    );
  });

  it('refuses an empty command', () => {
    expect(failure(() => buildOciSpec(spec({ args: [] }), user, host)).code).toBe('invalid-config');
  });

  it('puts the container in <cgroupParent>/<id>', () => {
    expect(oci.linux.cgroupsPath).toBe(`/tscompose/${id}`);
  });
});

describe('buildOciSpec: capabilities', () => {
  it('gives Docker’s default set to bounding, effective and permitted', () => {
    const caps = buildOciSpec(spec(), user, host).process.capabilities;
    expect(caps.bounding).toEqual(DEFAULT_CAPABILITIES);
    expect(caps.effective).toEqual(DEFAULT_CAPABILITIES);
    expect(caps.permitted).toEqual(DEFAULT_CAPABILITIES);
    expect(caps).not.toHaveProperty('inheritable');
    expect(DEFAULT_CAPABILITIES).toHaveLength(14);
  });

  it('adds and drops with or without CAP_, in any case', () => {
    const caps = containerCapabilities({
      privileged: false,
      capAdd: ['net_admin', 'CAP_SYS_PTRACE'],
      capDrop: ['cap_chown', 'NET_RAW'],
    });
    expect(caps).toContain('CAP_NET_ADMIN');
    expect(caps).toContain('CAP_SYS_PTRACE');
    expect(caps).not.toContain('CAP_CHOWN');
    expect(caps).not.toContain('CAP_NET_RAW');
    expect(caps).toHaveLength(14);
  });

  it('handles ALL on either side', () => {
    expect(containerCapabilities({ privileged: false, capAdd: ['ALL'], capDrop: [] })).toEqual(
      ALL_CAPABILITIES,
    );
    const allButOne = containerCapabilities({
      privileged: false,
      capAdd: ['all'],
      capDrop: ['SYS_ADMIN'],
    });
    expect(allButOne).toHaveLength(ALL_CAPABILITIES.length - 1);
    expect(allButOne).not.toContain('CAP_SYS_ADMIN');
    expect(
      containerCapabilities({ privileged: false, capAdd: ['NET_BIND_SERVICE'], capDrop: ['ALL'] }),
    ).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(containerCapabilities({ privileged: false, capAdd: [], capDrop: ['ALL'] })).toEqual([]);
  });

  it('does not list a capability twice', () => {
    expect(
      containerCapabilities({ privileged: false, capAdd: ['CHOWN', 'chown'], capDrop: [] }),
    ).toEqual(DEFAULT_CAPABILITIES);
  });

  it('refuses an unknown capability, naming it', () => {
    const error = failure(() =>
      containerCapabilities({ privileged: false, capAdd: ['FLY'], capDrop: [] }),
    );
    expect(error.code).toBe('invalid-config');
    expect(error.message).toBe('unknown capability: "FLY"');
  });

  it('never grants what this process does not hold (privileged = all it holds)', () => {
    const available = ALL_CAPABILITIES.filter((cap) => cap !== 'CAP_SYS_RESOURCE');
    const privileged = containerCapabilities(
      { privileged: true, capAdd: [], capDrop: ['ALL'] },
      available,
    );
    expect(privileged).toEqual(available);
    expect(
      containerCapabilities(
        { privileged: false, capAdd: ['SYS_RESOURCE', 'NET_ADMIN'], capDrop: [] },
        available,
      ),
    ).not.toContain('CAP_SYS_RESOURCE');
  });

  it('decodes /proc/self/status masks', () => {
    expect(capabilitiesFromMask('0')).toEqual([]);
    expect(capabilitiesFromMask('1fffeffffff')).toEqual(
      ALL_CAPABILITIES.filter((cap) => cap !== 'CAP_SYS_RESOURCE'),
    );
    expect(capabilitiesFromMask('5')).toEqual(['CAP_CHOWN', 'CAP_DAC_READ_SEARCH']);
    expect(boundingCapabilities('Name:\tnode\nCapBnd:\t0000000000000003\n')).toEqual([
      'CAP_CHOWN',
      'CAP_DAC_OVERRIDE',
    ]);
  });

  it('reads the hard open-files limit, capped at Docker’s 1048576', () => {
    const limits = (soft: string, hard: string) =>
      `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                ${hard}                files\n`;
    expect(openFilesLimit(limits('1024', '20000'))).toBe(20_000);
    expect(openFilesLimit(limits('1024', 'unlimited'))).toBe(1_048_576);
    expect(openFilesLimit(limits('1024', '4194304'))).toBe(1_048_576);
    expect(openFilesLimit('')).toBe(1_048_576);
  });
});

describe('buildOciSpec: mounts', () => {
  const destinations = (s: ContainerRuntimeSpec) =>
    buildOciSpec(s, user, host).mounts.map((mount) => mount.destination);

  it('has Docker’s kernel mounts in order, /sys and cgroups read-only, 64 MiB shm', () => {
    const mounts = buildOciSpec(spec(), user, host).mounts;
    expect(mounts.map((mount) => [mount.destination, mount.type])).toEqual([
      ['/proc', 'proc'],
      ['/dev', 'tmpfs'],
      ['/dev/pts', 'devpts'],
      ['/sys', 'sysfs'],
      ['/sys/fs/cgroup', 'cgroup'],
      ['/dev/mqueue', 'mqueue'],
      ['/dev/shm', 'tmpfs'],
    ]);
    expect(mounts[3]?.options).toContain('ro');
    expect(mounts[4]?.options).toContain('ro');
    expect(mounts[6]?.options).toEqual(['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=67108864']);
    expect(mounts[2]?.options).toEqual([
      'nosuid',
      'noexec',
      'newinstance',
      'ptmxmode=0666',
      'mode=0620',
      'gid=5',
    ]);
  });

  it('sizes /dev/shm from shmSizeBytes', () => {
    const shm = buildOciSpec(spec({ shmSizeBytes: 1024 }), user, host).mounts.find(
      (mount) => mount.destination === '/dev/shm',
    );
    expect(shm?.options).toContain('size=1024');
  });

  it('mounts /sys and cgroups read-write for privileged containers', () => {
    const mounts = buildOciSpec(spec({ privileged: true }), user, host).mounts;
    expect(mounts.find((mount) => mount.destination === '/sys')?.options).not.toContain('ro');
    expect(mounts.find((mount) => mount.destination === '/sys/fs/cgroup')?.options).not.toContain(
      'ro',
    );
  });

  it('turns binds into rbind + rprivate (or the given propagation), ro when read-only', () => {
    expect(
      userMount({ type: 'bind', source: '/host/data', target: '/data', readOnly: false }),
    ).toEqual({
      destination: '/data',
      type: 'bind',
      source: '/host/data',
      options: ['rbind', 'rprivate'],
    });
    expect(
      userMount({
        type: 'bind',
        source: '/host/etc/hosts',
        target: '/etc/hosts/',
        readOnly: true,
        options: ['rslave', 'nosuid'],
      }),
    ).toEqual({
      destination: '/etc/hosts',
      type: 'bind',
      source: '/host/etc/hosts',
      options: ['rbind', 'rslave', 'nosuid', 'ro'],
    });
  });

  it('makes tmpfs noexec,nosuid,nodev unless the options say exec/suid/dev', () => {
    expect(
      userMount({
        type: 'tmpfs',
        source: '',
        target: '/run',
        readOnly: false,
        options: ['size=65536k', 'mode=1777'],
      }),
    ).toEqual({
      destination: '/run',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['noexec', 'nosuid', 'nodev', 'size=65536k', 'mode=1777'],
    });
    expect(
      userMount({ type: 'tmpfs', source: '', target: '/x', readOnly: true, options: ['exec'] })
        .options,
    ).toEqual(['nosuid', 'nodev', 'exec', 'ro']);
  });

  it('refuses a relative target', () => {
    expect(
      failure(() => userMount({ type: 'tmpfs', source: '', target: 'data', readOnly: false })).code,
    ).toBe('invalid-config');
  });

  it('lets a user mount replace a kernel mount at the same place, and orders parents first', () => {
    const list = destinations(
      spec({
        mounts: [
          { type: 'bind', source: '/h/a/b', target: '/a/b', readOnly: false },
          { type: 'tmpfs', source: '', target: '/dev/shm', readOnly: false, options: ['size=1m'] },
          { type: 'bind', source: '/h/a', target: '/a', readOnly: false },
          { type: 'bind', source: '/h/hosts', target: '/etc/hosts', readOnly: false },
        ],
      }),
    );
    expect(list).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/sys',
      '/sys/fs/cgroup',
      '/dev/mqueue',
      '/a',
      '/a/b',
      '/dev/shm',
      '/etc/hosts',
    ]);
  });
});

describe('buildOciSpec: namespaces, paths, sysctls, devices', () => {
  const types = (s: ContainerRuntimeSpec) => buildOciSpec(s, user, host).linux.namespaces;

  it('joins a network namespace by path, makes a new one for none, omits it for host', () => {
    expect(types(spec())).toEqual([
      { type: 'pid' },
      { type: 'ipc' },
      { type: 'uts' },
      { type: 'mount' },
      { type: 'network', path: '/run/netns/x' },
    ]);
    expect(types(spec({ network: { kind: 'none' } })).at(-1)).toEqual({ type: 'network' });
    expect(types(spec({ network: { kind: 'host' } })).map((ns) => ns.type)).toEqual([
      'pid',
      'ipc',
      'uts',
      'mount',
    ]);
  });

  it('masks Docker’s /proc and /sys paths, except for privileged containers', () => {
    const linux = buildOciSpec(spec(), user, host).linux;
    expect(linux.maskedPaths).toContain('/proc/kcore');
    expect(linux.maskedPaths).toContain('/sys/firmware');
    expect(linux.readonlyPaths).toEqual([
      '/proc/bus',
      '/proc/fs',
      '/proc/irq',
      '/proc/sys',
      '/proc/sysrq-trigger',
    ]);
    const privileged = buildOciSpec(spec({ privileged: true }), user, host);
    expect(privileged.linux).not.toHaveProperty('maskedPaths');
    expect(privileged.linux).not.toHaveProperty('readonlyPaths');
    expect(privileged.process.capabilities.bounding).toEqual(ALL_CAPABILITIES);
  });

  it('passes sysctls through, and leaves the key out when there are none', () => {
    expect(buildOciSpec(spec(), user, host).linux).not.toHaveProperty('sysctl');
    expect(
      buildOciSpec(spec({ sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' } }), user, host)
        .linux.sysctl,
    ).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '0' });
  });

  it('denies devices but Docker’s allow list; privileged allows all', () => {
    const devices = buildOciSpec(spec(), user, host).linux.resources.devices;
    expect(devices[0]).toEqual({ allow: false, access: 'rwm' });
    expect(devices).toContainEqual({ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' });
    expect(devices).toContainEqual({ allow: true, type: 'c', major: 136, access: 'rwm' });
    expect(devices).toContainEqual({ allow: true, type: 'b', access: 'm' });
    expect(devices).toHaveLength(12);
    expect(buildOciSpec(spec({ privileged: true }), user, host).linux.resources.devices).toEqual([
      { allow: true, access: 'rwm' },
    ]);
  });
});

describe('buildOciSpec: resources', () => {
  const resources = (limits: ContainerRuntimeSpec['limits']) =>
    buildOciSpec(spec({ limits }), user, host).linux.resources;

  it('sets nothing but devices without limits', () => {
    expect(Object.keys(resources({}))).toEqual(['devices']);
  });

  it('defaults swap to twice the memory limit, like Docker', () => {
    expect(resources({ memoryBytes: 100 }).memory).toEqual({ limit: 100, swap: 200 });
    expect(resources({ memoryBytes: 100, memorySwapBytes: 0 }).memory).toEqual({
      limit: 100,
      swap: 200,
    });
    expect(resources({ memoryBytes: 100, memorySwapBytes: -1 }).memory).toEqual({
      limit: 100,
      swap: -1,
    });
    expect(resources({ memoryBytes: 100, memorySwapBytes: 150 }).memory).toEqual({
      limit: 100,
      swap: 150,
    });
    expect(failure(() => resources({ memoryBytes: 100, memorySwapBytes: 50 })).message).toContain(
      'memoryswap',
    );
    expect(resources({ memoryReservationBytes: 64 }).memory).toEqual({ reservation: 64 });
  });

  it('maps cpu shares, quota, period, cpuset and the pids limit', () => {
    const all = resources({
      cpuShares: 512,
      cpuQuota: 50_000,
      cpuPeriod: 100_000,
      cpusetCpus: '0-1',
      pidsLimit: 100,
    });
    expect(all.cpu).toEqual({ shares: 512, quota: 50_000, period: 100_000, cpus: '0-1' });
    expect(all.pids).toEqual({ limit: 100 });
    expect(resources({ pidsLimit: -5 }).pids).toEqual({ limit: -1 });
    expect(resources({ pidsLimit: 0, cpuShares: 0, cpusetCpus: '' })).toEqual({
      devices: expect.any(Array),
    });
  });
});
