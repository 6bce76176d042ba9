import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/builtin-engine/daemon/images/image-changes.js';
import {
  globToRegExp,
  referenceMatches,
} from '../../../src/builtin-engine/daemon/images/image-filters.js';
import {
  decideRemoval,
  isSingleReference,
  type RemovalInput,
} from '../../../src/builtin-engine/daemon/images/image-removal.js';
import { fullContainerConfig } from '../../../src/builtin-engine/daemon/images/image-shapes.js';
import { importReference } from '../../../src/builtin-engine/daemon/images/import-image.js';
import {
  parsePlatform,
  pullCredentials,
  pullReference,
} from '../../../src/builtin-engine/daemon/images/pull-request.js';
import { EngineApiError } from '../../../src/builtin-engine/ports.js';

const ID = `sha256:${'4bdbc430e61a'.padEnd(64, '0')}` as const;
const tag = (name: string) => `docker.io/library/${name}`;
const digestRef = (repo: string) => `docker.io/library/${repo}@sha256:${'d'.repeat(64)}`;

function decide(input: Partial<RemovalInput>) {
  return decideRemoval({
    name: 'app:1',
    reference: tag('app:1'),
    imageId: ID,
    references: [tag('app:1')],
    force: false,
    user: undefined,
    ...input,
  });
}

function conflictOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineApiError);
    expect((error as EngineApiError).status).toBe(409);
    return (error as Error).message;
  }
  throw new Error('expected a conflict');
}

const stopped = { containerId: '97560d0047f9c90b494cc2a7', running: false };
const running = { containerId: '04d1be59f133aaaa', running: true };

describe('image removal: Docker’s rmi rules', () => {
  it('isSingleReference: one reference, or one tag plus digests of its own repository', () => {
    expect(isSingleReference([])).toBe(false);
    expect(isSingleReference([tag('a:1')])).toBe(true);
    expect(isSingleReference([tag('a:1'), digestRef('a')])).toBe(true);
    expect(isSingleReference([tag('a:1'), digestRef('b')])).toBe(false);
    expect(isSingleReference([tag('a:1'), tag('a:2')])).toBe(false);
    expect(isSingleReference([digestRef('a'), digestRef('a').replace('ddd', 'eee')])).toBe(true);
  });

  it('by reference, other references remain: only that one goes, even if a container uses it', () => {
    const references = [tag('app:1'), tag('app:2')];
    expect(decide({ references, user: stopped })).toEqual({
      kind: 'untag',
      references: [tag('app:1')],
    });
    expect(decide({ references, user: running })).toEqual({
      kind: 'untag',
      references: [tag('app:1')],
    });
  });

  it('by reference, the last tag of a repository takes its digest references along', () => {
    const references = [tag('app:1'), digestRef('app'), tag('other:1')];
    expect(decide({ references })).toEqual({
      kind: 'untag',
      references: [tag('app:1'), digestRef('app')],
    });
    expect(decide({ references: [tag('app:1'), digestRef('app')] })).toEqual({ kind: 'delete' });
  });

  it('by reference, the last one: deleted unless a container uses it', () => {
    expect(decide({})).toEqual({ kind: 'delete' });
    expect(conflictOf(() => decide({ user: stopped }))).toBe(
      'conflict: unable to remove repository reference "app:1" (must force) - container 97560d0047f9 is using its referenced image 4bdbc430e61a',
    );
    expect(conflictOf(() => decide({ user: running }))).toMatch(/must force/);
    // Forced: a running container keeps the image (as <none>), a stopped one does not.
    expect(decide({ force: true, user: running })).toEqual({
      kind: 'untag',
      references: [tag('app:1')],
    });
    expect(decide({ force: true, user: stopped })).toEqual({ kind: 'delete' });
  });

  it('by id: conflicts in Docker’s order and words', () => {
    const byId = { name: '4bdbc430e61a', reference: undefined };
    expect(decide({ ...byId })).toEqual({ kind: 'delete' });
    expect(decide({ ...byId, references: [] })).toEqual({ kind: 'delete' });
    expect(conflictOf(() => decide({ ...byId, user: running, force: true }))).toBe(
      'conflict: unable to delete 4bdbc430e61a (cannot be forced) - image is being used by running container 04d1be59f133',
    );
    const several = { ...byId, references: [tag('app:1'), tag('app:3')] };
    expect(conflictOf(() => decide({ ...several, user: stopped }))).toBe(
      'conflict: unable to delete 4bdbc430e61a (must be forced) - image is referenced in multiple repositories',
    );
    expect(decide({ ...several, force: true })).toEqual({ kind: 'delete' });
    expect(conflictOf(() => decide({ ...byId, user: stopped }))).toBe(
      'conflict: unable to delete 4bdbc430e61a (must be forced) - image is being used by stopped container 97560d0047f9',
    );
    expect(decide({ ...byId, user: stopped, force: true })).toEqual({ kind: 'delete' });
    // A pulled image (one tag and its digest) goes by id without force.
    expect(decide({ ...byId, references: [tag('app:1'), digestRef('app')] })).toEqual({
      kind: 'delete',
    });
  });
});

describe('import changes', () => {
  it('applies every instruction the Engine accepts, in its forms', () => {
    expect(
      applyChanges([
        'ENV A=b C="d e"',
        'ENV X y z',
        'EXPOSE 80 53/udp 8000-8001',
        'LABEL a=b "c d"=e',
        'VOLUME /v1 /v2',
        'WORKDIR /w',
        'workdir sub',
        'USER 1:2',
        'ENTRYPOINT top -b',
        'CMD ["sh"]',
        'ONBUILD RUN x',
        '  ',
      ]),
    ).toEqual({
      Env: ['A=b', 'C=d e', 'X=y z'],
      ExposedPorts: { '80/tcp': {}, '53/udp': {}, '8000/tcp': {}, '8001/tcp': {} },
      Labels: { a: 'b', 'c d': 'e' },
      Volumes: { '/v1': {}, '/v2': {} },
      WorkingDir: '/w/sub',
      User: '1:2',
      Entrypoint: ['/bin/sh', '-c', 'top -b'],
      Cmd: ['sh'],
      OnBuild: ['RUN x'],
    });
    expect(
      applyChanges(['VOLUME ["/a", "/b"]', 'CMD echo "hi there"', 'ENV A=1', 'ENV A=2']),
    ).toEqual({
      Volumes: { '/a': {}, '/b': {} },
      Cmd: ['/bin/sh', '-c', 'echo "hi there"'],
      Env: ['A=2'],
    });
  });

  it.each([
    ['RUN x', 'run is not a valid change command'],
    ['STOPSIGNAL SIGINT', 'stopsignal is not a valid change command'],
    ['ENV', 'ENV requires at least one argument'],
    ['ENV X', 'ENV requires at least two arguments'],
    ['LABEL =x', 'LABEL names can not be blank and need a value: =x'],
    ['EXPOSE http', 'invalid containerPort: http'],
    ['USER', 'USER requires at least one argument'],
    ['ENV A="b', 'unterminated quote in: A="b'],
  ])('refuses %s', (change, message) => {
    expect(() => applyChanges([change])).toThrow(message);
  });
});

describe('reference filters and names', () => {
  it('matches Docker’s globs against the familiar name with and without tag', () => {
    expect(referenceMatches('busybox', tag('busybox:latest'))).toBe(true);
    expect(referenceMatches('busybox:latest', tag('busybox:latest'))).toBe(true);
    expect(referenceMatches('busybox:1.35', tag('busybox:latest'))).toBe(false);
    expect(referenceMatches('busy*', tag('busybox:latest'))).toBe(true);
    expect(referenceMatches('*', 'docker.io/team/app:1')).toBe(false);
    expect(referenceMatches('*/*', 'docker.io/team/app:1')).toBe(true);
    expect(referenceMatches('127.0.0.1:5000/x', '127.0.0.1:5000/x:1')).toBe(true);
    expect(referenceMatches('app:[0-9]', tag('app:7'))).toBe(true);
    expect(globToRegExp('a.b?').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b?').test('axbc')).toBe(false);
    expect(() => globToRegExp('a[')).toThrow(/invalid reference filter/);
  });

  it('pull and import references', () => {
    expect(pullReference({ fromImage: 'busybox', tag: 'latest' })).toBe(tag('busybox:latest'));
    expect(pullReference({ fromImage: 'busybox:1.35' })).toBe('busybox:1.35');
    expect(pullReference({ fromImage: '127.0.0.1:5000/x', tag: `sha256:${'a'.repeat(64)}` })).toBe(
      `127.0.0.1:5000/x@sha256:${'a'.repeat(64)}`,
    );
    expect(() => pullReference({ fromImage: ' ' })).toThrow('image name cannot be blank');
    expect(importReference({ changes: [] })).toBeUndefined();
    expect(importReference({ repo: 'app', changes: [] })).toBe(tag('app:latest'));
    expect(importReference({ repo: 'app', tag: '2', changes: [] })).toBe(tag('app:2'));
    expect(importReference({ repo: 'app:3', changes: [] })).toBe('app:3');
    expect(parsePlatform('linux/arm64/v8')).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
    });
    expect(parsePlatform('')).toBeUndefined();
    expect(() => parsePlatform('linux')).toThrow(/invalid platform/);
  });

  it('pull credentials: the header’s win, never printed; else Docker’s config', async () => {
    const env = { DOCKER_CONFIG: '/nonexistent-tscompose-test', HOME: '/nonexistent' };
    const sent = await pullCredentials(
      '127.0.0.1:5000/x:1',
      { fromImage: '127.0.0.1:5000/x', auth: { username: 'u', password: 'secret-pw' } },
      env,
    );
    expect(sent?.username).toBe('u');
    expect(sent?.serverAddress).toBe('127.0.0.1:5000');
    expect(String(sent)).not.toContain('secret-pw');
    expect(JSON.stringify(sent)).not.toContain('secret-pw');
    const token = await pullCredentials('x', { fromImage: 'x', auth: { identitytoken: 't' } }, env);
    expect(token?.kind).toBe('identity-token');
    expect(await pullCredentials('x', { fromImage: 'x', auth: {} }, env)).toBeUndefined();
  });
});

describe('image shapes', () => {
  it('fills Docker’s container config fields, keeping set values and extra ones', () => {
    expect(
      fullContainerConfig({ Cmd: ['sh'], Healthcheck: { Test: ['NONE'] }, Custom: 1 }),
    ).toEqual({
      Hostname: '',
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: null,
      Cmd: ['sh'],
      Healthcheck: { Test: ['NONE'] },
      Image: '',
      Volumes: null,
      WorkingDir: '',
      Entrypoint: null,
      OnBuild: null,
      Labels: null,
      Custom: 1,
    });
    expect(Object.keys(fullContainerConfig(undefined))).toHaveLength(17);
  });
});
