import { describe, expect, it } from 'vitest';
import type { ContainerSummary, EngineEvent } from '../../../src/engine/types.js';
import {
  eventJson,
  eventLine,
  rfc3339Nano,
  toComposeEvent,
} from '../../../src/lifecycle/events.js';
import { orderTargets } from '../../../src/lifecycle/exec-target.js';
import { formatPublishedPort, publishedPort } from '../../../src/lifecycle/port.js';
import { parseScaleArgs } from '../../../src/lifecycle/scale.js';
import { renderTop } from '../../../src/lifecycle/top.js';

const event = (delta: Partial<EngineEvent> = {}): EngineEvent => ({
  type: 'container',
  action: 'start',
  id: 'abc123',
  timeNano: 1_700_000_000_123_456_000,
  attributes: {
    'com.docker.compose.project': 'app',
    'com.docker.compose.service': 'web',
    'com.docker.compose.oneoff': 'False',
    name: 'app-web-1',
    image: 'busybox',
  },
  ...delta,
});

describe('events', () => {
  it("shapes a container event as compose does, without compose's labels", () => {
    expect(toComposeEvent(event(), [])).toEqual({
      timeNano: 1_700_000_000_123_456_000,
      type: 'container',
      action: 'start',
      id: 'abc123',
      service: 'web',
      attributes: { image: 'busybox', name: 'app-web-1' },
    });
  });

  it('drops other types, one-off containers and services not asked for', () => {
    expect(toComposeEvent(event({ type: 'network' }), [])).toBeUndefined();
    const oneoff = event({
      attributes: { ...event().attributes, 'com.docker.compose.oneoff': 'True' },
    });
    expect(toComposeEvent(oneoff, [])).toBeUndefined();
    expect(toComposeEvent(event(), ['db'])).toBeUndefined();
    expect(toComposeEvent(event(), ['web'])).toBeDefined();
  });

  it('--json: one object with sorted keys and an RFC 3339 time', () => {
    const line = eventJson(toComposeEvent(event(), [])!);
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      'action',
      'attributes',
      'id',
      'service',
      'time',
      'type',
    ]);
    expect(JSON.parse(line)).toMatchObject({ time: '2023-11-14T22:13:20.123456Z' });
    expect(rfc3339Nano(1_700_000_000_000_000_000)).toBe('2023-11-14T22:13:20Z');
    expect(rfc3339Nano(1_700_000_000_500_000_000)).toBe('2023-11-14T22:13:20.5Z');
  });

  it('text: time to the microsecond, action, id and attributes', () => {
    expect(eventLine(toComposeEvent(event(), [])!)).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.123456 container start abc123 \(image=busybox, name=app-web-1\)$/,
    );
  });
});

describe('top table', () => {
  it('SERVICE and # first, CMD last, - for a missing column, tabwriter padding', () => {
    const text = renderTop([
      {
        id: '1',
        name: 'app-web-1',
        service: 'web',
        replica: '1',
        titles: ['UID', 'PID', 'CMD'],
        processes: [['root', '42', 'sleep 1']],
      },
      {
        id: '2',
        name: 'app-web-run-x',
        service: 'web',
        replica: '',
        titles: ['PID', 'CMD', 'EXTRA'],
        processes: [['7', 'sh', 'e']],
      },
    ]);
    expect(text).toBe(
      [
        'SERVICE  #   UID   PID  EXTRA  CMD',
        'web      1   root  42   -      sleep 1',
        'web          -     7    e      sh',
        '',
      ].join('\n'),
    );
    expect(renderTop([])).toBe('');
  });
});

describe('scale arguments', () => {
  it('SERVICE=N pairs', () => {
    expect(parseScaleArgs(['web=3', 'worker=0'])).toEqual({ web: 3, worker: 0 });
  });
  it("compose's messages for bad specifiers", () => {
    expect(() => parseScaleArgs(['web'])).toThrow('invalid scale specifier: web');
    expect(() => parseScaleArgs(['=3'])).toThrow('invalid scale specifier: =3');
    expect(() => parseScaleArgs(['web=x'])).toThrow("can't parse replica value as int");
    expect(() => parseScaleArgs(['web=-1'])).toThrow("can't be negative");
  });
});

describe('port and the target container', () => {
  it('the first binding of the port, printed ip:port', () => {
    const ports = {
      '80/tcp': [
        { HostIp: '127.0.0.1', HostPort: '49153' },
        { HostIp: '::1', HostPort: '49153' },
      ],
      '53/udp': null,
    };
    expect(publishedPort(ports, 80, 'tcp')).toEqual({ hostIp: '127.0.0.1', hostPort: 49153 });
    expect(formatPublishedPort(publishedPort(ports, 80, 'tcp')!)).toBe('127.0.0.1:49153');
    expect(publishedPort(ports, 53, 'udp')).toBeUndefined();
    expect(publishedPort(ports, 80, 'udp')).toBeUndefined();
  });

  const summary = (name: string, labels: Record<string, string>, state = 'running') =>
    ({
      id: name,
      name,
      imageId: '',
      image: '',
      labels: { 'com.docker.compose.service': 'web', ...labels },
      state,
      created: 0,
      networks: [],
      volumes: [],
    }) as ContainerSummary;

  it('running containers by number, one-offs last, --index picks a number', () => {
    const containers = [
      summary('run', { 'com.docker.compose.oneoff': 'True' }),
      summary('web-2', { 'com.docker.compose.container-number': '2' }),
      summary('web-1', { 'com.docker.compose.container-number': '1' }, 'exited'),
      summary('web-3', { 'com.docker.compose.container-number': '3' }),
    ];
    expect(orderTargets(containers, 'web', {}).map((c) => c.name)).toEqual([
      'web-2',
      'web-3',
      'run',
    ]);
    expect(orderTargets(containers, 'web', { all: true }).map((c) => c.name)).toEqual([
      'web-1',
      'web-2',
      'web-3',
      'run',
    ]);
    expect(orderTargets(containers, 'web', { index: 3 }).map((c) => c.name)).toEqual(['web-3']);
    expect(orderTargets(containers, 'web', { oneoff: false }).map((c) => c.name)).toEqual([
      'web-2',
      'web-3',
    ]);
  });
});
