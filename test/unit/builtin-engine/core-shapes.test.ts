import { describe, expect, it } from 'vitest';
import {
  hostnameFile,
  hostsFile,
  resolvConf,
} from '../../../src/builtin-engine/daemon/containers/etc-files.js';
import {
  createdState,
  ZERO_TIME,
  type ContainerRecord,
} from '../../../src/builtin-engine/daemon/containers/record.js';
import { inspectShape, listShape } from '../../../src/builtin-engine/daemon/containers/shapes.js';
import {
  humanDuration,
  statusText,
} from '../../../src/builtin-engine/daemon/containers/status-text.js';
import { parsePs, psArguments } from '../../../src/builtin-engine/daemon/containers/top.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('status texts', () => {
  it('words durations like go-units HumanDuration', () => {
    const cases: Array<[number, string]> = [
      [500, 'Less than a second'],
      [1000, '1 second'],
      [59_000, '59 seconds'],
      [60_000, 'About a minute'],
      [119_000, 'About a minute'],
      [120_000, '2 minutes'],
      [59 * 60_000, '59 minutes'],
      [60 * 60_000, 'About an hour'],
      [90 * 60_000, '2 hours'],
      [47 * 3_600_000, '47 hours'],
      [48 * 3_600_000, '2 days'],
      [14 * 86_400_000, '2 weeks'],
      [60 * 86_400_000, '2 months'],
      [2 * 365 * 86_400_000, '2 years'],
    ];
    for (const [ms, text] of cases) expect([ms, humanDuration(ms)]).toEqual([ms, text]);
  });

  it('describes each state', () => {
    const base = createdState();
    expect(statusText(base, NOW)).toBe('Created');
    expect(statusText({ ...base, Status: 'running', StartedAt: ago(4000) }, NOW)).toBe(
      'Up 4 seconds',
    );
    const health = (Status: 'starting' | 'healthy' | 'unhealthy') => ({
      Status,
      FailingStreak: 0,
      Log: [],
    });
    expect(
      statusText(
        { ...base, Status: 'running', StartedAt: ago(4000), Health: health('healthy') },
        NOW,
      ),
    ).toBe('Up 4 seconds (healthy)');
    expect(
      statusText(
        { ...base, Status: 'running', StartedAt: ago(1000), Health: health('starting') },
        NOW,
      ),
    ).toBe('Up 1 second (health: starting)');
    expect(
      statusText(
        { ...base, Status: 'running', StartedAt: ago(1000), Health: health('unhealthy') },
        NOW,
      ),
    ).toBe('Up 1 second (unhealthy)');
    expect(statusText({ ...base, Status: 'paused', StartedAt: ago(120_000) }, NOW)).toBe(
      'Up 2 minutes (Paused)',
    );
    expect(
      statusText(
        { ...base, Status: 'exited', StartedAt: ago(9000), FinishedAt: ago(3000), ExitCode: 0 },
        NOW,
      ),
    ).toBe('Exited (0) 3 seconds ago');
    expect(
      statusText(
        { ...base, Status: 'restarting', StartedAt: ago(9000), FinishedAt: ago(200), ExitCode: 1 },
        NOW,
      ),
    ).toBe('Restarting (1) Less than a second ago');
    expect(statusText({ ...base, Status: 'exited' }, NOW)).toBe('Created');
    expect(statusText({ ...base, Status: 'dead' }, NOW)).toBe('Dead');
  });
});

function runningRecord(): ContainerRecord {
  const id = 'c'.repeat(64);
  return {
    id,
    name: 'proj-web-1',
    created: '2024-05-01T11:59:00.000Z',
    image: { id: 'sha256:' + 'e'.repeat(64), reference: 'nginx:1' },
    path: '/docker-entrypoint.sh',
    args: ['nginx', '-g', 'daemon off;'],
    config: {
      Image: 'nginx:1',
      Env: ['A=1'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Labels: { 'com.docker.compose.service': 'web' },
      WorkingDir: '',
      User: '',
      Hostname: 'cccccccccccc',
      ExposedPorts: { '80/tcp': {} },
    },
    hostConfig: {
      NetworkMode: 'proj_default',
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    },
    state: {
      ...createdState(),
      Status: 'running',
      Pid: 4242,
      StartedAt: ago(4000),
      Health: { Status: 'healthy', FailingStreak: 0, Log: [] },
    },
    restartCount: 0,
    networks: {
      proj_default: {
        networkId: 'n'.repeat(64),
        networkName: 'proj_default',
        config: { Aliases: ['web'] },
        ifname: 'eth0',
        allocation: {
          networkId: 'n'.repeat(64),
          networkName: 'proj_default',
          endpointId: 'p'.repeat(64),
          bridge: 'tsc-nnnnnnnnnn',
          address: '10.10.0.2',
          prefixLength: 24,
          gateway: '10.10.0.1',
          mac: '02:42:0a:0a:00:02',
        },
      },
    },
    mounts: [
      {
        Type: 'volume',
        Name: 'proj_data',
        Source: '/v/proj_data/_data',
        Destination: '/data',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
        anonymous: false,
      },
      {
        Type: 'bind',
        Source: '/srv',
        Destination: '/srv',
        Mode: '',
        RW: false,
        Propagation: 'rprivate',
      },
      {
        Type: 'tmpfs',
        Source: '',
        Destination: '/run',
        Mode: '',
        RW: true,
        Propagation: '',
        hidden: true,
      },
    ],
    ports: [{ port: '80/tcp', hostIp: '127.0.0.1', hostPort: 8080 }],
    hostname: 'cccccccccccc',
    bundleDir: '/root/containers/c/bundle',
    logPath: '/root/containers/c/container.log',
    hostsPath: '/root/containers/c/hosts',
    hostnamePath: '/root/containers/c/hostname',
    resolvConfPath: '/root/containers/c/resolv.conf',
    netnsPath: '/run/netns/x',
    stoppedByApi: false,
  };
}

describe('inspect and list shapes', () => {
  it('inspect has the Engine fields clients read', () => {
    const shape = inspectShape(runningRecord(), { execIds: [], snapshotDir: '/root/containers/c' });
    expect(shape).toMatchObject({
      Id: 'c'.repeat(64),
      Name: '/proj-web-1',
      Image: 'sha256:' + 'e'.repeat(64),
      Path: '/docker-entrypoint.sh',
      Args: ['nginx', '-g', 'daemon off;'],
      RestartCount: 0,
      Driver: 'overlay2',
      LogPath: '/root/containers/c/container.log',
      HostsPath: '/root/containers/c/hosts',
      ExecIDs: null,
      State: {
        Status: 'running',
        Running: true,
        Paused: false,
        Restarting: false,
        Dead: false,
        Pid: 4242,
        ExitCode: 0,
        FinishedAt: ZERO_TIME,
        Health: { Status: 'healthy', FailingStreak: 0, Log: [] },
      },
      Config: {
        Image: 'nginx:1',
        Hostname: 'cccccccccccc',
        Labels: { 'com.docker.compose.service': 'web' },
      },
      HostConfig: { NetworkMode: 'proj_default' },
      GraphDriver: { Name: 'overlay2', Data: { MergedDir: '/root/containers/c/merged' } },
    });
    expect(shape.Mounts).toEqual([
      {
        Type: 'volume',
        Name: 'proj_data',
        Source: '/v/proj_data/_data',
        Destination: '/data',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
      {
        Type: 'bind',
        Source: '/srv',
        Destination: '/srv',
        Mode: '',
        RW: false,
        Propagation: 'rprivate',
      },
    ]);
    expect(shape.NetworkSettings.Ports).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
    });
    expect(shape.NetworkSettings.SandboxKey).toBe('/run/netns/x');
    // Only the default bridge network fills the legacy top-level fields.
    expect(shape.NetworkSettings).toMatchObject({ IPAddress: '', Gateway: '' });
    expect(shape.NetworkSettings.Networks.proj_default).toEqual({
      IPAMConfig: null,
      Links: null,
      Aliases: ['web', 'cccccccccccc'],
      NetworkID: 'n'.repeat(64),
      EndpointID: 'p'.repeat(64),
      Gateway: '10.10.0.1',
      IPAddress: '10.10.0.2',
      IPPrefixLen: 24,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      MacAddress: '02:42:0a:0a:00:02',
      DriverOpts: null,
      DNSNames: ['proj-web-1', 'web', 'cccccccccccc'],
    });
  });

  it('a stopped container shows no addresses, ports or sandbox', () => {
    const record = runningRecord();
    record.state = { ...record.state, Status: 'exited', Pid: 0, FinishedAt: ago(1000) };
    delete record.networks.proj_default?.allocation;
    record.ports = [];
    const shape = inspectShape(record, { execIds: ['e1'] });
    expect(shape.State).toMatchObject({ Running: false, Status: 'exited' });
    expect(shape.ExecIDs).toEqual(['e1']);
    expect(shape.NetworkSettings.Ports).toEqual({});
    expect(shape.NetworkSettings.SandboxKey).toBe('');
    expect(shape.NetworkSettings.Networks.proj_default).toMatchObject({
      IPAddress: '',
      Aliases: ['web'],
      DNSNames: null,
    });
  });

  it('list has the docker ps shape', () => {
    expect(listShape(runningRecord(), NOW)).toEqual({
      Id: 'c'.repeat(64),
      Names: ['/proj-web-1'],
      Image: 'nginx:1',
      ImageID: 'sha256:' + 'e'.repeat(64),
      Command: '/docker-entrypoint.sh nginx -g daemon off;',
      Created: Date.parse('2024-05-01T11:59:00Z') / 1000,
      Ports: [{ IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }],
      Labels: { 'com.docker.compose.service': 'web' },
      State: 'running',
      Status: 'Up 4 seconds (healthy)',
      HostConfig: { NetworkMode: 'proj_default' },
      NetworkSettings: {
        Networks: { proj_default: expect.objectContaining({ IPAddress: '10.10.0.2' }) },
      },
      Mounts: [
        expect.objectContaining({ Type: 'volume', Name: 'proj_data', Destination: '/data' }),
        expect.objectContaining({ Type: 'bind', Destination: '/srv' }),
      ],
    });
  });
});

describe('/etc files and top', () => {
  it('writes hosts with localhost, extra hosts and own address', () => {
    const text = hostsFile({
      hostname: 'abc',
      domainname: 'example.org',
      address: '10.0.0.2',
      extraHosts: ['db:10.0.0.9', 'bad'],
    });
    expect(text.split('\n')).toEqual([
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      'fe00::0\tip6-localnet',
      'ff00::0\tip6-mcastprefix',
      'ff02::1\tip6-allnodes',
      'ff02::2\tip6-allrouters',
      '10.0.0.9\tdb',
      '10.0.0.2\tabc.example.org abc',
      '',
    ]);
    expect(hostsFile({ hostname: 'abc' })).not.toContain('abc');
    expect(hostnameFile('abc')).toBe('abc\n');
  });

  it('points resolv.conf at the gateway, the client DNS, or the host file', () => {
    expect(resolvConf({ gateway: '10.0.0.1' })).toBe('nameserver 10.0.0.1\n');
    expect(
      resolvConf({
        gateway: '10.0.0.1',
        dns: ['1.1.1.1'],
        search: ['x.org'],
        options: ['ndots:2'],
      }),
    ).toBe('nameserver 1.1.1.1\nsearch x.org\noptions ndots:2\n');
    expect(resolvConf({ hostResolvConf: 'nameserver 127.0.0.53' })).toBe('nameserver 127.0.0.53\n');
  });

  it('keeps the ps rows of the container pids, with the command intact', () => {
    const out =
      'UID PID PPID C STIME TTY TIME CMD\nroot 10 1 0 10:00 ? 00:00:00 nginx: master process\nroot 11 1 0 10:00 ? 00:00:00 other\n';
    expect(parsePs(out, [10])).toEqual({
      Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      Processes: [['root', '10', '1', '0', '10:00', '?', '00:00:00', 'nginx: master process']],
    });
    expect(() => parsePs('USER COMMAND\nroot x\n', [1])).toThrow(
      "Couldn't find PID field in ps output",
    );
    expect(psArguments(undefined)).toEqual(['-ef']);
    expect(psArguments(' aux ')).toEqual(['aux']);
  });
});
