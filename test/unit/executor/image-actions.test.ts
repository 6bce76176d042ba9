import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine, ProgressEvent } from '../../../src/engine/types.js';
import { applyPlan } from '../../../src/executor/index.js';
import type { ExecutorEvent } from '../../../src/executor/types.js';
import type { ImageBuildSpec } from '../../../src/images/build-spec.js';
import type { Action } from '../../../src/planner/types.js';
import { describe as line, plan } from './builders.js';
import { FakeEngine } from './fake-engine.js';
import { layerProgress } from '../../../src/executor/actions/image-pull.js';
import type { ActionContext } from '../../../src/executor/context.js';

const PASSWORD = 'pw-do-not-print-7f3a';
let dir: string;
let savedConfig: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscompose-image-actions-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\nRUN exit 3\n');
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: { 'registry.test:5000': { auth: Buffer.from(`u:${PASSWORD}`).toString('base64') } },
    }),
  );
  savedConfig = process.env['DOCKER_CONFIG'];
  process.env['DOCKER_CONFIG'] = dir;
});

afterEach(() => {
  if (savedConfig === undefined) delete process.env['DOCKER_CONFIG'];
  else process.env['DOCKER_CONFIG'] = savedConfig;
  rmSync(dir, { recursive: true, force: true });
});

const spec = (): ImageBuildSpec => ({
  context: dir,
  dockerfile: { kind: 'file', path: 'Dockerfile' },
  tags: ['app-web'],
  args: { VERSION: '2' },
  target: 'final',
  labels: { 'com.docker.compose.project': 'app' },
  cacheFrom: [],
  extraHosts: ['db:10.0.0.2'],
  noCache: true,
  pull: false,
  warnings: ['service "web": build.ssh is ignored'],
});

const buildAction = (): Action => ({
  type: 'image.build',
  id: 'image:web',
  after: [],
  reason: 'x',
  service: 'web',
  image: 'app-web',
  build: spec(),
});

async function run(engine: Partial<Engine>, actions: Action[]) {
  const events: ExecutorEvent[] = [];
  const result = await applyPlan(
    plan(actions),
    { ...new FakeEngine().asEngine(), ...engine },
    { parallel: -1, onEvent: (e) => events.push(e), now: () => 0 },
  );
  return { result, events, lines: events.map(line) };
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

describe('image.build', () => {
  it('sends the context tar with the build parameters and streams the output as progress', async () => {
    let query: Record<string, unknown> = {};
    let tarBytes = 0;
    const { result, lines } = await run(
      {
        buildImage: async (context, options, onProgress) => {
          query = { ...options };
          tarBytes = await drain(context);
          onProgress({ message: 'Step 1/2 : FROM busybox:latest\n' });
          onProgress({ message: ' ---> abc\nStep 2/2 : RUN true\n' });
          return { imageId: 'sha256:1' };
        },
      },
      [buildAction()],
    );
    expect(result.ok).toBe(true);
    expect(tarBytes).toBeGreaterThan(0);
    expect(query).toMatchObject({
      t: ['app-web'],
      dockerfile: 'Dockerfile',
      buildargs: { VERSION: '2' },
      target: 'final',
      labels: { 'com.docker.compose.project': 'app' },
      extrahosts: ['db:10.0.0.2'],
      nocache: true,
    });
    expect(query).not.toHaveProperty('pull');
    expect(lines).toEqual([
      'start image:web',
      'warning service "web": build.ssh is ignored',
      'progress image:web: Step 1/2 : FROM busybox:latest',
      'progress image:web:  ---> abc',
      'progress image:web: Step 2/2 : RUN true',
      'done image:web',
    ]);
  });

  it('names the failing step and shows its last lines', async () => {
    const { result, lines } = await run(
      {
        buildImage: async (context, _options, onProgress) => {
          await drain(context);
          onProgress({ message: 'Step 1/2 : FROM busybox:latest\n' });
          onProgress({ message: 'Step 2/2 : RUN echo boom; exit 3\n' });
          onProgress({ message: ' ---> Running in 0123\n' });
          onProgress({ message: 'boom\n' });
          throw new Error(
            "Cannot build image app-web: The command '/bin/sh -c echo boom; exit 3' returned a non-zero code: 3.",
          );
        },
      },
      [buildAction()],
    );
    expect(result.ok).toBe(false);
    expect(lines.at(-1)).toBe(
      "fail image:web: failed to build app-web for service web at Step 2/2 : RUN echo boom; exit 3: The command '/bin/sh -c echo boom; exit 3' returned a non-zero code: 3\n" +
        '  last output of the step:\n' +
        '    boom',
    );
  });
});

const pullAction = (onFailure?: Extract<Action, { type: 'image.pull' }>['onFailure']): Action => ({
  type: 'image.pull',
  id: 'image:web',
  after: [],
  reason: 'x',
  service: 'web',
  image: 'registry.test:5000/team/web:1',
  ...(onFailure ? { onFailure } : {}),
});

describe('image.pull', () => {
  it('hands the resolved credentials to the engine only, and thins out repeated layer bytes', async () => {
    let auth: Readonly<Record<string, string>> | undefined;
    const { result, events } = await run(
      {
        pullImage: (_reference, options, onProgress) => {
          auth = options.auth;
          const progress = (e: ProgressEvent) => onProgress(e);
          progress({ status: 'Pulling from team/web', id: '1' });
          for (let current = 1; current <= 5; current++)
            progress({ id: 'aaa', status: 'Downloading', current, total: 10 });
          progress({ id: 'aaa', status: 'Extracting', current: 1, total: 10 });
          progress({ id: 'aaa', status: 'Extracting', current: 10, total: 10 });
          return Promise.resolve();
        },
      },
      [pullAction()],
    );
    expect(result.ok).toBe(true);
    expect(auth).toMatchObject({
      username: 'u',
      password: PASSWORD,
      serveraddress: 'registry.test:5000',
    });
    const progress = events.flatMap((e) =>
      e.type === 'action.progress' ? [[e.message, e.current, e.layer]] : [],
    );
    expect(progress).toEqual([
      ['1: Pulling from team/web', undefined, undefined],
      ['aaa: Downloading', 1, 'aaa'],
      ['aaa: Extracting', 1, 'aaa'],
      ['aaa: Extracting', 10, 'aaa'],
    ]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it('turns a refused pull into an "unauthorized" error naming the registry, never the password', async () => {
    const { events, lines } = await run(
      {
        pullImage: () =>
          Promise.reject(
            new Error(
              'Cannot pull image registry.test:5000/team/web:1: Head "https://registry.test:5000/v2/team/web/manifests/1": no basic auth credentials.',
            ),
          ),
      },
      [pullAction()],
    );
    const failure = events.find((e) => e.type === 'action.fail');
    expect(failure?.type === 'action.fail' && failure.error.message).toMatch(
      /^unauthorized: Cannot pull image .*no basic auth credentials \(registry registry\.test:5000; credentials for registry\.test:5000 \(user u, from auths\["registry\.test:5000"\] in .*config\.json\)\)$/,
    );
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('builds when the plan says so, or warns and goes on when the failure is ignored', async () => {
    let built = false;
    const failingPull = {
      pullImage: () => Promise.reject(new Error('Cannot pull image x: manifest unknown.')),
      buildImage: async (context: Readable) => {
        await drain(context);
        built = true;
        return { imageId: 'sha256:2' };
      },
    };
    const withBuild = await run(failingPull, [pullAction({ kind: 'build', build: spec() })]);
    expect(withBuild.result.ok).toBe(true);
    expect(built).toBe(true);
    expect(withBuild.lines).toContain(
      'warning pull of registry.test:5000/team/web:1 failed (Cannot pull image x: manifest unknown.); building it instead',
    );

    const ignored = await run(failingPull, [pullAction({ kind: 'ignore' })]);
    expect(ignored.result.ok).toBe(true);
    expect(ignored.lines).toEqual([
      'start image:web',
      'warning pull of registry.test:5000/team/web:1 failed: Cannot pull image x: manifest unknown.',
      'done image:web (Warning)',
    ]);

    const failed = await run(failingPull, [pullAction()]);
    expect(failed.result.failed.map((f) => f.id)).toEqual(['image:web']);
  });
});

describe('image.push', () => {
  it('fails, or only warns with ignoreFailure', async () => {
    const engine = { pushImage: () => Promise.reject(new Error('Cannot push image x: boom.')) };
    const push = (ignoreFailure: boolean): Action => ({
      type: 'image.push',
      id: 'image:web:push',
      after: [],
      reason: 'push',
      service: 'web',
      image: 'registry.test:5000/team/web:1',
      ...(ignoreFailure ? { ignoreFailure } : {}),
    });
    expect((await run(engine, [push(false)])).result.ok).toBe(false);
    const ignored = await run(engine, [push(true)]);
    expect(ignored.result.ok).toBe(true);
    expect(ignored.lines).toContain('done image:web:push (Warning)');
  });
});

describe('layerProgress', () => {
  it('drops records with nothing to show (a push ends with an aux-only record)', () => {
    const shown: string[] = [];
    const report = layerProgress({
      now: () => 0,
      progress: (message: string) => void shown.push(message),
    } as unknown as ActionContext);
    report({ id: 'abc', status: 'Pushed' });
    report({});
    report({ status: 'latest: digest: sha256:1 size: 527' });
    expect(shown).toEqual(['abc: Pushed', 'latest: digest: sha256:1 size: 527']);
  });
});
