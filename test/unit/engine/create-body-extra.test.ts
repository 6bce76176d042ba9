// toCreateBody: `ContainerSpec.extra` (Compose field names) → HostConfig, one row per field family.
import { describe, expect, it } from 'vitest';
import { toCreateBody } from '../../../src/engine/docker/create-body.js';
import type { ContainerSpec } from '../../../src/engine/types.js';

const base: ContainerSpec = {
  name: 'app-web-1',
  image: 'busybox:latest',
  labels: {},
  env: [],
  tty: false,
  stdinOpen: false,
  privileged: false,
  readOnly: false,
  ports: [],
  expose: [],
  mounts: [],
  networks: [],
  extra: {},
};

function withExtra(
  extra: Record<string, unknown>,
  delta: Partial<ContainerSpec> = {},
  apiVersion = '1.41',
) {
  const warnings: string[] = [];
  const result = toCreateBody({ ...base, ...delta, extra }, (w) => warnings.push(w), {
    apiVersion,
  });
  return { ...result, warnings, host: result.body['HostConfig'] as Record<string, unknown> };
}

const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
  [
    'capabilities',
    { cap_add: ['NET_ADMIN'], cap_drop: ['ALL'] },
    { CapAdd: ['NET_ADMIN'], CapDrop: ['ALL'] },
  ],
  [
    'security_opt',
    { security_opt: ['no-new-privileges:true'] },
    { SecurityOpt: ['no-new-privileges:true'] },
  ],
  [
    'sysctls',
    { sysctls: { 'net.core.somaxconn': 1024 } },
    { Sysctls: { 'net.core.somaxconn': '1024' } },
  ],
  [
    'ulimits',
    { ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: { single: 65535 } } },
    {
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 2048 },
        { Name: 'nproc', Soft: 65535, Hard: 65535 },
      ],
    },
  ],
  [
    'devices',
    {
      devices: [{ source: '/dev/fuse', target: '/dev/fuse', permissions: 'rw' }],
      device_cgroup_rules: ['c 1:3 mr'],
    },
    {
      Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rw' }],
      DeviceCgroupRules: ['c 1:3 mr'],
    },
  ],
  [
    'gpus',
    { gpus: [{ count: 'all' }] },
    {
      DeviceRequests: [
        { Driver: '', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} },
      ],
    },
  ],
  [
    'dns',
    { dns: ['10.0.0.2'], dns_search: ['example.test'], dns_opt: ['use-vc'] },
    { Dns: ['10.0.0.2'], DnsSearch: ['example.test'], DnsOptions: ['use-vc'] },
  ],
  [
    'extra_hosts',
    {
      extra_hosts: [
        { host: 'db', ip: '10.0.0.5' },
        { host: 'v6', ip: '::1' },
      ],
    },
    { ExtraHosts: ['db:10.0.0.5', 'v6:::1'] },
  ],
  [
    'logging',
    { logging: { driver: 'json-file', options: { 'max-size': '10m' } } },
    { LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } } },
  ],
  [
    'namespaces',
    { pid: 'host', ipc: 'shareable', uts: 'host', cgroup: 'private', userns_mode: 'host' },
    {
      PidMode: 'host',
      IpcMode: 'shareable',
      UTSMode: 'host',
      CgroupnsMode: 'private',
      UsernsMode: 'host',
    },
  ],
  [
    'process limits',
    {
      cgroup_parent: 'p',
      group_add: ['audio', 1001],
      oom_kill_disable: true,
      oom_score_adj: -500,
      pids_limit: 100,
    },
    {
      CgroupParent: 'p',
      GroupAdd: ['audio', '1001'],
      OomKillDisable: true,
      OomScoreAdj: -500,
      PidsLimit: 100,
    },
  ],
  [
    'memory',
    {
      mem_limit: 1048576,
      mem_reservation: 524288,
      memswap_limit: 2097152,
      mem_swappiness: 10,
      shm_size: 65536,
    },
    {
      Memory: 1048576,
      MemoryReservation: 524288,
      MemorySwap: 2097152,
      MemorySwappiness: 10,
      ShmSize: 65536,
    },
  ],
  [
    'cpu',
    {
      cpus: '1.5',
      cpu_shares: 512,
      cpu_period: 100000,
      cpu_quota: '50ms',
      cpuset: '0-1',
      cpu_rt_runtime: '1s',
    },
    {
      NanoCpus: 1.5e9,
      CpuShares: 512,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      CpusetCpus: '0-1',
      CpuRealtimeRuntime: 1e6,
    },
  ],
  [
    'blkio_config',
    {
      blkio_config: {
        weight: 300,
        weight_device: [{ path: '/dev/sda', weight: 400 }],
        device_read_bps: [{ path: '/dev/sda', rate: 1048576 }],
        device_write_iops: [{ path: '/dev/sda', rate: 100 }],
      },
    },
    {
      BlkioWeight: 300,
      BlkioWeightDevice: [{ Path: '/dev/sda', Weight: 400 }],
      BlkioDeviceReadBps: [{ Path: '/dev/sda', Rate: 1048576 }],
      BlkioDeviceWriteIOps: [{ Path: '/dev/sda', Rate: 100 }],
    },
  ],
  [
    'storage and runtime',
    { storage_opt: { size: '20G' }, isolation: 'default', runtime: 'runc' },
    { StorageOpt: { size: '20G' }, Isolation: 'default', Runtime: 'runc' },
  ],
  [
    'volumes_from and links',
    { volumes_from: ['container:app-db-1:ro'], links: ['app-db-1:db'] },
    { VolumesFrom: ['container:app-db-1:ro'], Links: ['app-db-1:db'] },
  ],
  [
    'tmpfs (service field)',
    { tmpfs: ['/run:size=64k', '/cache'] },
    { Tmpfs: { '/run': 'size=64k', '/cache': '' } },
  ],
  [
    'deploy resources',
    {
      deploy: {
        replicas: 2,
        resources: {
          limits: { cpus: 0.5, memory: 1048576, pids: 50 },
          reservations: { memory: 524288, devices: [{ capabilities: ['gpu'], count: 1 }] },
        },
      },
    },
    {
      NanoCpus: 5e8,
      Memory: 1048576,
      PidsLimit: 50,
      MemoryReservation: 524288,
      DeviceRequests: [
        { Driver: '', Count: 1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} },
      ],
    },
  ],
  [
    'deploy restart_policy',
    { deploy: { restart_policy: { condition: 'on-failure', max_attempts: 3 } } },
    { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } },
  ],
];

describe('toCreateBody: extra fields', () => {
  it.each(cases)('%s', (_family, extra, expected) => {
    const { host, warnings } = withExtra(extra);
    expect(warnings).toEqual([]);
    expect(host).toMatchObject(expected);
  });

  it('sends platform as a query parameter and mac_address on the container', () => {
    const { query, body, warnings } = withExtra({
      platform: 'linux/arm64',
      mac_address: '02:42:ac:11:00:09',
    });
    expect(query).toEqual({ platform: 'linux/arm64' });
    expect(body['MacAddress']).toBe('02:42:ac:11:00:09');
    expect(body).not.toHaveProperty('platform');
    expect(warnings).toEqual([]);
  });

  it('keeps restart over deploy.restart_policy', () => {
    const { host } = withExtra(
      { deploy: { restart_policy: { condition: 'any' } } },
      { restart: { name: 'unless-stopped' } },
    );
    expect(host['RestartPolicy']).toEqual({ Name: 'unless-stopped' });
  });

  it('passes annotations from API 1.43 and warns before', () => {
    expect(withExtra({ annotations: { a: 'b' } }, {}, '1.43').host['Annotations']).toEqual({
      a: 'b',
    });
    const old = withExtra({ annotations: { a: 'b' } });
    expect(old.host).not.toHaveProperty('Annotations');
    expect(old.warnings).toEqual([
      'annotations needs Engine API 1.43+ (this engine speaks 1.41) and is ignored',
    ]);
  });

  it('warns, naming the field, about every key it does not translate', () => {
    const { warnings, host } = withExtra({
      credential_spec: { file: 'x.json' },
      use_api_socket: true,
      deploy: { placement: { constraints: [] }, resources: { limits: { memory_swap: 1 } } },
      blkio_config: { unknown_rate: [] },
      build: { context: '.' },
      depends_on: {},
      'x-custom': 1,
    });
    expect(warnings).toEqual([
      'blkio_config.unknown_rate is not supported by the Docker Engine backend and is ignored',
      'credential_spec is not supported by the Docker Engine backend and is ignored',
      'deploy.placement is not supported by the Docker Engine backend and is ignored',
      'deploy.resources.limits.memory_swap is not supported by the Docker Engine backend and is ignored',
      'use_api_socket is not supported by the Docker Engine backend and is ignored',
    ]);
    expect(Object.keys(host).sort()).toEqual([
      'Mounts',
      'PortBindings',
      'Privileged',
      'ReadonlyRootfs',
    ]);
  });

  it('warns about a value of a shape it cannot read instead of sending it', () => {
    const { warnings, host } = withExtra({ cap_add: 'NET_ADMIN', cpus: 'lots' });
    expect(warnings).toEqual([
      'cap_add has a value the Docker Engine backend cannot read and is ignored',
      'cpus has a value the Docker Engine backend cannot read and is ignored',
    ]);
    expect(host).not.toHaveProperty('CapAdd');
    expect(host).not.toHaveProperty('NanoCpus');
  });
});
