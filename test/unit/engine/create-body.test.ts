// toCreateBody: one case per field family, each stating only its delta from a minimal spec.
import { describe, expect, it } from 'vitest';
import { toCreateBody } from '../../../src/engine/docker/create-body.js';
import type { ContainerSpec } from '../../../src/engine/types.js';

const base: ContainerSpec = {
  name: 'app-web-1',
  image: 'busybox:latest',
  labels: { 'com.docker.compose.project': 'app' },
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

function translate(delta: Partial<ContainerSpec>, apiVersion = '1.41') {
  const warnings: string[] = [];
  const result = toCreateBody({ ...base, ...delta }, (w) => warnings.push(w), { apiVersion });
  return { ...result, warnings, host: result.body['HostConfig'] as Record<string, unknown> };
}

describe('toCreateBody: core fields', () => {
  it('translates the minimal spec with no warnings', () => {
    const { name, body, warnings, laterNetworks, query } = translate({});
    expect(name).toBe('app-web-1');
    expect(body).toMatchObject({
      Image: 'busybox:latest',
      Labels: { 'com.docker.compose.project': 'app' },
      Env: [],
      Tty: false,
      OpenStdin: false,
      ExposedPorts: {},
      HostConfig: { PortBindings: {}, Mounts: [], Privileged: false, ReadonlyRootfs: false },
      NetworkingConfig: { EndpointsConfig: {} },
    });
    expect(body).not.toHaveProperty('Cmd');
    expect(body).not.toHaveProperty('Entrypoint');
    expect(warnings).toEqual([]);
    expect(laterNetworks).toEqual([]);
    expect(query).toEqual({});
  });

  it.each([
    [{ command: ['sh', '-c', 'x'] }, { Cmd: ['sh', '-c', 'x'] }],
    [{ command: [] }, { Cmd: [] }],
    [{ entrypoint: ['/init'] }, { Entrypoint: ['/init'] }],
    [{ env: ['A=1', 'B='] }, { Env: ['A=1', 'B='] }],
    [
      { workingDir: '/srv', user: '1000:1000' },
      { WorkingDir: '/srv', User: '1000:1000' },
    ],
    [
      { hostname: 'web', domainname: 'example.test' },
      { Hostname: 'web', Domainname: 'example.test' },
    ],
    [
      { tty: true, stdinOpen: true },
      { Tty: true, OpenStdin: true },
    ],
    [
      { stopSignal: 'SIGINT', stopTimeoutSeconds: 7 },
      { StopSignal: 'SIGINT', StopTimeout: 7 },
    ],
  ] satisfies [Partial<ContainerSpec>, Record<string, unknown>][])('%j → %j', (delta, expected) => {
    expect(translate(delta).body).toMatchObject(expected);
  });

  it('sets Init, Privileged, ReadonlyRootfs and the restart policy', () => {
    const { host } = translate({
      init: true,
      privileged: true,
      readOnly: true,
      restart: { name: 'on-failure', maximumRetryCount: 4 },
    });
    expect(host).toMatchObject({
      Init: true,
      Privileged: true,
      ReadonlyRootfs: true,
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 4 },
    });
  });

  it('puts healthcheck durations in nanoseconds and warns about start_interval before API 1.44', () => {
    const healthcheck = {
      test: ['CMD-SHELL', 'true'],
      intervalNs: 5e9,
      timeoutNs: 1e9,
      startPeriodNs: 2e9,
      startIntervalNs: 5e8,
      retries: 3,
    };
    const old = translate({ healthcheck });
    expect(old.body['Healthcheck']).toEqual({
      Test: ['CMD-SHELL', 'true'],
      Interval: 5e9,
      Timeout: 1e9,
      StartPeriod: 2e9,
      Retries: 3,
    });
    expect(old.warnings).toEqual([
      'healthcheck.start_interval needs Engine API 1.44+ (this engine speaks 1.41) and is ignored',
    ]);
    const recent = translate({ healthcheck }, '1.45');
    expect(recent.body['Healthcheck']).toMatchObject({ StartInterval: 5e8 });
    expect(recent.warnings).toEqual([]);
    expect(translate({ healthcheck: { test: ['NONE'] } }).body['Healthcheck']).toEqual({
      Test: ['NONE'],
    });
  });
});

describe('toCreateBody: ports', () => {
  it('publishes with host ip, keeps host ranges, exposes every target and expands expose ranges', () => {
    const { body, host } = translate({
      ports: [
        { target: 80, protocol: 'tcp', published: '8080', hostIp: '127.0.0.1' },
        { target: 80, protocol: 'tcp', published: '8081' },
        { target: 53, protocol: 'udp' },
        { target: 9000, protocol: 'tcp', published: '9000-9010' },
      ],
      expose: ['3000-3002', '7000/udp'],
    });
    expect(host['PortBindings']).toEqual({
      '80/tcp': [
        { HostIp: '127.0.0.1', HostPort: '8080' },
        { HostIp: '', HostPort: '8081' },
      ],
      '53/udp': [{ HostIp: '', HostPort: '' }],
      '9000/tcp': [{ HostIp: '', HostPort: '9000-9010' }],
    });
    expect(Object.keys(body['ExposedPorts'] as object).sort()).toEqual([
      '3000/tcp',
      '3001/tcp',
      '3002/tcp',
      '53/udp',
      '7000/udp',
      '80/tcp',
      '9000/tcp',
    ]);
  });
});

describe('toCreateBody: mounts', () => {
  it('translates bind, volume and tmpfs mounts with their options', () => {
    const { host, warnings } = translate({
      mounts: [
        {
          type: 'bind',
          source: '/src',
          target: '/app',
          readOnly: true,
          createHostPath: false,
          propagation: 'rshared',
        },
        {
          type: 'bind',
          source: '/maybe',
          target: '/m',
          readOnly: false,
          createHostPath: true,
          selinux: 'z',
        },
        { type: 'volume', source: 'app_data', target: '/data', readOnly: false, noCopy: true },
        { type: 'volume', target: '/anon', readOnly: false, noCopy: false },
        { type: 'tmpfs', target: '/tmp', sizeBytes: 65536, mode: 0o1777 },
      ],
    });
    expect(host['Mounts']).toEqual([
      {
        Type: 'bind',
        Source: '/src',
        Target: '/app',
        ReadOnly: true,
        BindOptions: { Propagation: 'rshared' },
      },
      {
        Type: 'volume',
        Source: 'app_data',
        Target: '/data',
        ReadOnly: false,
        VolumeOptions: { NoCopy: true },
      },
      { Type: 'volume', Target: '/anon', ReadOnly: false },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } },
    ]);
    // Only the legacy form creates a missing host path and takes SELinux relabelling.
    expect(host['Binds']).toEqual(['/maybe:/m:rw,z']);
    expect(warnings).toEqual([]);
  });

  it('passes a volume subpath from API 1.45 and warns before', () => {
    const mount = {
      type: 'volume',
      source: 'v',
      target: '/d',
      readOnly: false,
      noCopy: false,
      subpath: 'sub',
    } as const;
    expect(translate({ mounts: [mount] }, '1.45').host['Mounts']).toEqual([
      {
        Type: 'volume',
        Source: 'v',
        Target: '/d',
        ReadOnly: false,
        VolumeOptions: { Subpath: 'sub' },
      },
    ]);
    expect(translate({ mounts: [mount] }).warnings).toEqual([
      'volumes.volume.subpath (/d) needs Engine API 1.45+ (this engine speaks 1.41) and is ignored',
    ]);
  });

  it('warns about an image mount the engine is too old for', () => {
    const { host, warnings } = translate({
      mounts: [{ type: 'image', source: 'alpine', target: '/img', readOnly: true }],
    });
    expect(host['Mounts']).toEqual([]);
    expect(warnings).toEqual([
      'volumes.type image (/img) needs Engine API 1.47+ (this engine speaks 1.41) and is ignored',
    ]);
  });
});

describe('toCreateBody: networks', () => {
  const networks = [
    { name: 'app_back', aliases: ['db'], ipv4Address: '10.5.0.4', macAddress: '02:42:ac:11:00:02' },
    {
      name: 'app_front',
      aliases: [],
      priority: 10,
      ipv6Address: 'fd00::4',
      linkLocalIps: ['169.254.1.1'],
    },
  ];

  it('creates with the highest-priority network only before API 1.44 and returns the rest', () => {
    const { body, host, laterNetworks } = translate({ networks });
    expect(host['NetworkMode']).toBe('app_front');
    expect(body['NetworkingConfig']).toEqual({
      EndpointsConfig: {
        app_front: { IPAMConfig: { IPv6Address: 'fd00::4', LinkLocalIPs: ['169.254.1.1'] } },
      },
    });
    expect(laterNetworks.map((n) => n.name)).toEqual(['app_back']);
  });

  it('creates with every network (MAC per endpoint) from API 1.44', () => {
    const { body, laterNetworks } = translate({ networks }, '1.44');
    expect(body['NetworkingConfig']).toEqual({
      EndpointsConfig: {
        app_front: { IPAMConfig: { IPv6Address: 'fd00::4', LinkLocalIPs: ['169.254.1.1'] } },
        app_back: {
          Aliases: ['db'],
          IPAMConfig: { IPv4Address: '10.5.0.4' },
          MacAddress: '02:42:ac:11:00:02',
        },
      },
    });
    expect(laterNetworks).toEqual([]);
  });

  it('puts the primary network MAC address on the container before API 1.44', () => {
    const { body } = translate({ networks: [networks[0]!] });
    expect(body['MacAddress']).toBe('02:42:ac:11:00:02');
  });

  it('lets network_mode exclude networks', () => {
    const { body, host, laterNetworks } = translate({
      networkMode: 'container:app-db-1',
      networks,
    });
    expect(host['NetworkMode']).toBe('container:app-db-1');
    expect(body['NetworkingConfig']).toEqual({ EndpointsConfig: {} });
    expect(laterNetworks).toEqual([]);
  });
});
