import { describe, expect, it } from 'vitest';
import {
  mergeConfig,
  mergeEnv,
  processArgs,
} from '../../../src/builtin-engine/daemon/containers/config-merge.js';
import {
  parseBind,
  parseMount,
  planMounts,
} from '../../../src/builtin-engine/daemon/containers/mount-plan.js';
import {
  inspectPorts,
  listPorts,
  parseHostPort,
  parsePortKey,
  wantedBindings,
} from '../../../src/builtin-engine/daemon/containers/port-specs.js';
import {
  networkModeKind,
  parseRestartPolicy,
  validateCreateBody,
} from '../../../src/builtin-engine/daemon/containers/validate.js';

const image = {
  Env: ['PATH=/bin', 'LANG=C'],
  Entrypoint: ['/entry.sh'],
  Cmd: ['serve', '--port', '80'],
  WorkingDir: '/app',
  User: 'app',
  ExposedPorts: { '80/tcp': {} },
  Volumes: { '/data': {} },
  Labels: { a: 'image', b: 'image' },
  StopSignal: 'SIGQUIT',
  Healthcheck: { Test: ['CMD', 'check'], Interval: 5e9, Retries: 5 },
};

describe('mergeConfig (Docker merge rules)', () => {
  it('inherits everything the body leaves empty', () => {
    const config = mergeConfig({ Image: 'img' }, 'img', image);
    expect(config).toMatchObject({
      Image: 'img',
      Env: ['PATH=/bin', 'LANG=C'],
      Entrypoint: ['/entry.sh'],
      Cmd: ['serve', '--port', '80'],
      WorkingDir: '/app',
      User: 'app',
      ExposedPorts: { '80/tcp': {} },
      Volumes: { '/data': {} },
      Labels: { a: 'image', b: 'image' },
      StopSignal: 'SIGQUIT',
      Healthcheck: { Test: ['CMD', 'check'], Interval: 5e9, Retries: 5 },
      Tty: false,
      OpenStdin: false,
    });
    expect(processArgs(config)).toEqual({ path: '/entry.sh', args: ['serve', '--port', '80'] });
  });

  it('puts body env first and keeps image entries whose key the body does not set', () => {
    expect(mergeEnv(['LANG=en', 'X=1', 'FLAG'], ['PATH=/bin', 'LANG=C', 'FLAG=image'])).toEqual([
      'LANG=en',
      'X=1',
      'FLAG',
      'PATH=/bin',
    ]);
  });

  it('a body Cmd replaces the image Cmd but keeps its Entrypoint', () => {
    const config = mergeConfig({ Image: 'img', Cmd: ['other'] }, 'img', image);
    expect([config.Entrypoint, config.Cmd]).toEqual([['/entry.sh'], ['other']]);
  });

  it('a body Entrypoint drops the image Cmd', () => {
    const config = mergeConfig({ Image: 'img', Entrypoint: ['/bin/sh'] }, 'img', image);
    expect([config.Entrypoint, config.Cmd]).toEqual([['/bin/sh'], null]);
    expect(processArgs(config)).toEqual({ path: '/bin/sh', args: [] });
  });

  it('a string Entrypoint is one argument; Entrypoint [""] resets it', () => {
    expect(mergeConfig({ Image: 'i', Entrypoint: 'run' }, 'i', image).Entrypoint).toEqual(['run']);
    const reset = mergeConfig({ Image: 'i', Entrypoint: [''], Cmd: ['echo', 'hi'] }, 'i', image);
    expect([reset.Entrypoint, reset.Cmd]).toEqual([null, ['echo', 'hi']]);
    expect(processArgs(reset)).toEqual({ path: 'echo', args: ['hi'] });
  });

  it('refuses a container without a command', () => {
    const config = mergeConfig({ Image: 'i' }, 'i', {});
    expect(() => processArgs(config)).toThrow('No command specified');
  });

  it('overrides labels, unions ports and volumes, prefers body scalars', () => {
    const config = mergeConfig(
      {
        Image: 'i',
        Labels: { b: 'body', c: 'body' },
        ExposedPorts: { '443/tcp': {} },
        Volumes: { '/cache': {} },
        WorkingDir: '/w',
        User: '1000:1000',
        StopSignal: 'SIGINT',
      },
      'i',
      image,
    );
    expect(config.Labels).toEqual({ a: 'image', b: 'body', c: 'body' });
    expect(Object.keys(config.ExposedPorts ?? {})).toEqual(['80/tcp', '443/tcp']);
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/data', '/cache']);
    expect([config.WorkingDir, config.User, config.StopSignal]).toEqual([
      '/w',
      '1000:1000',
      'SIGINT',
    ]);
  });

  it('merges the healthcheck field by field; NONE stays NONE', () => {
    expect(
      mergeConfig({ Image: 'i', Healthcheck: { Interval: 1e9 } }, 'i', image).Healthcheck,
    ).toEqual({
      Test: ['CMD', 'check'],
      Interval: 1e9,
      Retries: 5,
      Timeout: undefined,
      StartPeriod: undefined,
    });
    expect(
      mergeConfig({ Image: 'i', Healthcheck: { Test: ['NONE'] } }, 'i', image).Healthcheck?.Test,
    ).toEqual(['NONE']);
    expect(mergeConfig({ Image: 'i' }, 'i', {}).Healthcheck).toBeUndefined();
  });
});

describe('create body validation', () => {
  it('parses restart policies with Docker messages', () => {
    expect(parseRestartPolicy(undefined)).toEqual({ name: 'no', maximumRetryCount: 0 });
    expect(parseRestartPolicy({ Name: 'on-failure', MaximumRetryCount: 3 })).toEqual({
      name: 'on-failure',
      maximumRetryCount: 3,
    });
    expect(parseRestartPolicy({ Name: 'unless-stopped' }).name).toBe('unless-stopped');
    expect(() => parseRestartPolicy({ Name: 'always', MaximumRetryCount: 2 })).toThrow(
      "maximum retry count cannot be used with restart policy 'always'",
    );
    expect(() => parseRestartPolicy({ Name: 'on-failure', MaximumRetryCount: -1 })).toThrow(
      'maximum retry count cannot be negative',
    );
    expect(() => parseRestartPolicy({ Name: 'bogus' })).toThrow("invalid restart policy 'bogus'");
  });

  it('refuses bad bodies with 400', () => {
    const bad = (body: object, message: string) =>
      expect(() => validateCreateBody(body)).toThrow(
        expect.objectContaining({ status: 400, message }),
      );
    bad(
      { Image: 'i', HostConfig: { AutoRemove: true, RestartPolicy: { Name: 'always' } } },
      "can't create 'AutoRemove' container with restart policy",
    );
    bad(
      { Image: 'i', Healthcheck: { Interval: 10 } },
      'Interval in Healthcheck cannot be less than 1ms',
    );
    bad({ Image: 'i', Healthcheck: { Retries: -1 } }, 'Retries in Healthcheck cannot be negative');
    bad({ Image: 'i', HostConfig: { Memory: 1024 } }, 'Minimum memory limit allowed is 6MB');
    bad(
      { Image: 'i', HostConfig: { PortBindings: { 'x/tcp': [] } } },
      'invalid port specification: "x"',
    );
    bad(
      {
        Image: 'i',
        HostConfig: { NetworkMode: 'host' },
        NetworkingConfig: { EndpointsConfig: { net: {} } },
      },
      'conflicting options: network mode "host" cannot be combined with other networks',
    );
    bad({}, 'No image specified: set "Image" in the create body');
    expect(validateCreateBody({ Image: 'i', HostConfig: { AutoRemove: true } })).toEqual({
      name: 'no',
      maximumRetryCount: 0,
    });
  });

  it('classifies network modes', () => {
    expect(networkModeKind(undefined)).toEqual({ kind: 'network', name: 'bridge' });
    expect(networkModeKind('default')).toEqual({ kind: 'network', name: 'bridge' });
    expect(networkModeKind('proj_default')).toEqual({ kind: 'network', name: 'proj_default' });
    expect(networkModeKind('host')).toEqual({ kind: 'host' });
    expect(networkModeKind('none')).toEqual({ kind: 'none' });
    expect(networkModeKind('container:db')).toEqual({ kind: 'container', ref: 'db' });
    expect(() => networkModeKind('container:')).toThrow('invalid network mode');
  });
});

describe('port specs', () => {
  it('parses keys and host ports', () => {
    expect(parsePortKey('80')).toEqual({ key: '80/tcp', protocol: 'tcp', port: 80 });
    expect(parsePortKey('53/UDP')).toEqual({ key: '53/udp', protocol: 'udp', port: 53 });
    expect(() => parsePortKey('70000/tcp')).toThrow('invalid port specification: "70000"');
    expect(() => parsePortKey('80/sctp')).toThrow('invalid port protocol');
    expect(parseHostPort('')).toBe(0);
    expect(parseHostPort('8080')).toBe(8080);
    expect(parseHostPort('8000-8010')).toBe(8000);
    expect(() => parseHostPort('9-1')).toThrow('invalid port specification: "9-1"');
  });

  it('lists wanted bindings, PublishAllPorts adding free ports for unbound exposed ports', () => {
    const wanted = wantedBindings(
      {
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }, { HostPort: '' }] },
        PublishAllPorts: true,
      },
      { '80/tcp': {}, '9000/udp': {} },
    );
    expect(wanted).toEqual([
      { key: '80/tcp', protocol: 'tcp', containerPort: 80, hostIp: '127.0.0.1', hostPort: 8080 },
      { key: '80/tcp', protocol: 'tcp', containerPort: 80, hostIp: '', hostPort: 0 },
      { key: '9000/udp', protocol: 'udp', containerPort: 9000, hostIp: '', hostPort: 0 },
    ]);
  });

  it('shapes ports for list and inspect', () => {
    const published = [{ port: '80/tcp', hostIp: '', hostPort: 32768 }];
    const exposed = { '80/tcp': {}, '443/tcp': {} };
    expect(listPorts(published, exposed)).toEqual([
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 32768, Type: 'tcp' },
      { PrivatePort: 443, Type: 'tcp' },
    ]);
    expect(inspectPorts(published, exposed, true)).toEqual({
      '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }],
      '443/tcp': null,
    });
    expect(inspectPorts(published, exposed, false)).toEqual({});
  });
});

describe('mount plan', () => {
  it('parses binds: host paths are binds, names are volumes', () => {
    expect(parseBind('/srv/data:/data:ro,rshared')).toEqual({
      type: 'bind',
      source: '/srv/data',
      destination: '/data',
      readOnly: true,
      mode: 'ro,rshared',
      propagation: 'rshared',
      createSource: true,
    });
    expect(parseBind('cache:/cache/')).toEqual({
      type: 'volume',
      name: 'cache',
      destination: '/cache',
      readOnly: false,
      mode: '',
    });
    expect(() => parseBind('/x')).toThrow("invalid volume specification: '/x'");
    expect(() => parseBind('a:relative')).toThrow('mount path must be absolute');
    expect(() => parseBind('a:/b:bogus')).toThrow('invalid mode: bogus');
  });

  it('parses typed mounts', () => {
    expect(parseMount({ Type: 'volume', Source: '', Target: '/v' })).toMatchObject({
      type: 'volume',
      name: undefined,
    });
    expect(parseMount({ Type: 'bind', Source: '/h', Target: '/c', ReadOnly: true })).toMatchObject({
      type: 'bind',
      readOnly: true,
      createSource: false,
    });
    expect(
      parseMount({
        Type: 'tmpfs',
        Source: '',
        Target: '/t',
        TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 },
      }),
    ).toEqual({
      type: 'tmpfs',
      destination: '/t',
      options: ['size=1024', 'mode=1777'],
    });
    expect(() => parseMount({ Type: 'bind', Source: 'rel', Target: '/c' })).toThrow(
      'mount path must be absolute',
    );
    expect(() => parseMount({ Type: 'image', Source: 'x', Target: '/c' })).toThrow('not supported');
  });

  it('turns uncovered VOLUMEs into anonymous volumes and refuses duplicate mount points', () => {
    const planned = planMounts(
      { Binds: ['named:/data'], Tmpfs: { '/run': 'size=64m' } },
      { '/data': {}, '/logs': {} },
    );
    expect(
      planned.map((m) => [m.type, m.destination, m.type === 'volume' ? m.name : undefined]),
    ).toEqual([
      ['volume', '/data', 'named'],
      ['tmpfs', '/run', undefined],
      ['volume', '/logs', undefined],
    ]);
    expect(() => planMounts({ Binds: ['/a:/x', 'v:/x'] }, undefined)).toThrow(
      'Duplicate mount point: /x',
    );
  });
});
