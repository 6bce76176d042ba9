import { describe, expect, it } from 'vitest';
import {
  labelsMatch,
  matchesFilters,
  validateListFilters,
} from '../../../src/builtin-engine/daemon/containers/list-filters.js';
import {
  nameConflict,
  newContainerId,
  normalizeName,
  randomName,
  resolveReference,
} from '../../../src/builtin-engine/daemon/containers/names.js';
import {
  createdState,
  type ContainerRecord,
} from '../../../src/builtin-engine/daemon/containers/record.js';
import { parseSignal } from '../../../src/builtin-engine/daemon/containers/signals.js';

const A = 'abc123' + '0'.repeat(58);
const B = 'abd456' + '1'.repeat(58);

describe('names and references', () => {
  const names = new Map([
    ['web', A],
    ['abd', A], // a name that is also a prefix of B: the name wins
  ]);

  it('resolves full ids, names with or without "/", unique prefixes', () => {
    expect(resolveReference(A, [A, B], names)).toBe(A);
    expect(resolveReference('web', [A, B], names)).toBe(A);
    expect(resolveReference('/web', [A, B], names)).toBe(A);
    expect(resolveReference('abc', [A, B], names)).toBe(A);
    expect(resolveReference('abd', [A, B], names)).toBe(A);
    expect(resolveReference('abd4', [A, B], names)).toBe(B);
  });

  it('404s on unknown and ambiguous references', () => {
    expect(() => resolveReference('nope', [A, B], names)).toThrow(
      expect.objectContaining({ status: 404, message: 'No such container: nope' }),
    );
    expect(() => resolveReference('ab', [A, B], names)).toThrow(
      expect.objectContaining({
        status: 404,
        message: 'Multiple IDs found with provided prefix: ab',
      }),
    );
    expect(() => resolveReference('', [A], names)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('validates names with Docker rule and message', () => {
    expect(normalizeName('/my-app_1.x')).toBe('my-app_1.x');
    expect(() => normalizeName('a')).toThrow(
      'Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
    );
    expect(() => normalizeName('-x')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => normalizeName('a/b')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('words the name conflict like Docker', () => {
    expect(nameConflict('x', A)).toMatchObject({
      status: 409,
      message: `Conflict. The container name "/x" is already in use by container "${A}". You have to remove (or rename) that container to be able to reuse that name.`,
    });
  });

  it('makes 64-hex ids and free random names', () => {
    expect(newContainerId()).toMatch(/^[0-9a-f]{64}$/);
    const taken = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const name = randomName((candidate) => taken.has(candidate));
      expect(name).toMatch(/^[a-z]+_[a-z]+\d*$/);
      expect(taken.has(name)).toBe(false);
      taken.add(name);
    }
    expect(randomName(() => false)).toMatch(/^[a-z]+_[a-z]+$/);
  });

  it('parses signals by name, short name and number', () => {
    expect(parseSignal('SIGTERM')).toEqual({ name: 'SIGTERM', number: 15 });
    expect(parseSignal('kill')).toEqual({ name: 'SIGKILL', number: 9 });
    expect(parseSignal('2')).toEqual({ name: 'SIGINT', number: 2 });
    expect(() => parseSignal('SIGNOPE')).toThrow(
      expect.objectContaining({ status: 400, message: 'Invalid signal: SIGNOPE' }),
    );
    expect(() => parseSignal('999')).toThrow('Invalid signal: 999');
  });
});

function record(
  overrides: Partial<ContainerRecord> & { labels?: Record<string, string> },
): ContainerRecord {
  const { labels, ...rest } = overrides;
  return {
    id: A,
    name: 'proj-web-1',
    created: '2024-01-01T00:00:10.000Z',
    image: { id: 'sha256:' + 'f'.repeat(64), reference: 'nginx' },
    path: 'nginx',
    args: [],
    config: {
      Image: 'nginx',
      Env: [],
      Cmd: null,
      Entrypoint: null,
      Labels: labels ?? {},
      WorkingDir: '',
      User: '',
    },
    hostConfig: {},
    state: createdState(),
    restartCount: 0,
    networks: {},
    mounts: [],
    ports: [],
    hostname: 'h',
    bundleDir: '/b',
    logPath: '/l',
    hostsPath: '/h',
    hostnamePath: '/hn',
    resolvConfPath: '/r',
    stoppedByApi: false,
    ...rest,
  };
}

describe('list filters', () => {
  const context = {
    createdOf: (ref: string) =>
      Date.parse(ref === 'old' ? '2024-01-01T00:00:00Z' : '2024-01-01T00:01:00Z'),
  };
  const match = (r: ContainerRecord, filters: Record<string, string[]>) =>
    matchesFilters(r, new Map(Object.entries(filters)), context);
  const web = record({
    labels: { 'com.docker.compose.project': 'proj', 'com.docker.compose.service': 'web' },
    state: {
      ...createdState(),
      Status: 'running',
      Health: { Status: 'healthy', FailingStreak: 0, Log: [] },
    },
    networks: {
      proj_default: { networkId: 'n1', networkName: 'proj_default', config: {} },
    },
    mounts: [
      {
        Type: 'volume',
        Name: 'proj_data',
        Source: '/v',
        Destination: '/data',
        Mode: '',
        RW: true,
        Propagation: '',
      },
    ],
    ports: [{ port: '80/tcp', hostIp: '', hostPort: 8080 }],
  });
  const exited = record({
    id: B,
    name: 'other',
    state: { ...createdState(), Status: 'exited', ExitCode: 2 },
  });

  it('matches labels by key and key=value, all of them', () => {
    expect(labelsMatch({ a: '1', b: '' }, ['a', 'b='])).toBe(true);
    expect(labelsMatch({ a: '1' }, ['a=2'])).toBe(false);
    expect(labelsMatch({ 'x=y': 'z' }, ['x=y'])).toBe(false);
    expect(
      match(web, { label: ['com.docker.compose.project=proj', 'com.docker.compose.service'] }),
    ).toBe(true);
    expect(
      match(web, { label: ['com.docker.compose.project=proj', 'com.docker.compose.oneoff'] }),
    ).toBe(false);
  });

  it('combines keys with AND and values with OR', () => {
    expect(match(web, { status: ['exited', 'running'] })).toBe(true);
    expect(match(web, { status: ['running'], name: ['nope'] })).toBe(false);
    expect(match(exited, { status: ['exited'], exited: ['2'] })).toBe(true);
    expect(match(exited, { exited: ['0'] })).toBe(false);
  });

  it('matches name and id as Docker regular expressions', () => {
    expect(match(web, { name: ['web'] })).toBe(true);
    expect(match(web, { name: ['^/proj-web-1$'] })).toBe(true);
    expect(match(web, { name: ['^proj-web-1$'] })).toBe(true);
    expect(match(web, { name: ['^web'] })).toBe(false);
    expect(match(web, { id: ['abc1'] })).toBe(true);
    expect(match(web, { id: ['abd'] })).toBe(false);
  });

  it('matches health, network, volume, ancestor, publish, expose, before and since', () => {
    expect(match(web, { health: ['healthy'] })).toBe(true);
    expect(match(exited, { health: ['none'] })).toBe(true);
    expect(match(web, { network: ['proj_default'] })).toBe(true);
    expect(match(web, { network: ['n1'] })).toBe(true);
    expect(match(web, { volume: ['proj_data'] })).toBe(true);
    expect(match(web, { volume: ['/data'] })).toBe(true);
    expect(match(web, { ancestor: ['nginx:latest'] })).toBe(true);
    expect(match(web, { ancestor: ['ffff'] })).toBe(true);
    expect(match(web, { ancestor: ['redis'] })).toBe(false);
    expect(match(web, { publish: ['8080'] })).toBe(true);
    expect(match(web, { publish: ['80/tcp'] })).toBe(true);
    expect(match(web, { expose: ['80'] })).toBe(false);
    expect(match(web, { since: ['old'] })).toBe(true);
    expect(match(web, { before: ['old'] })).toBe(false);
    expect(match(web, { before: ['new'] })).toBe(true);
  });

  it('refuses unknown keys and bad values with 400', () => {
    expect(() => validateListFilters(new Map([['colour', ['red']]]))).toThrow(
      "Invalid filter 'colour'",
    );
    expect(() => validateListFilters(new Map([['status', ['sleeping']]]))).toThrow(
      "Invalid filter 'status=sleeping'",
    );
    expect(() => validateListFilters(new Map([['health', ['meh']]]))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => validateListFilters(new Map([['exited', ['x']]]))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() =>
      validateListFilters(
        new Map([
          ['label', ['a=b']],
          ['status', ['running']],
        ]),
      ),
    ).not.toThrow();
  });
});
