import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/errors.js';
import { applyPlan } from '../../../src/executor/index.js';
import type { ExecutorEvent } from '../../../src/executor/types.js';
import type { Action } from '../../../src/planner/types.js';
import { create, describe as line, network, plan } from './builders.js';
import { FakeEngine } from './fake-engine.js';

async function apply(fake: FakeEngine, actions: Action[]) {
  const events: ExecutorEvent[] = [];
  const result = await applyPlan(plan(actions), fake.asEngine(), {
    parallel: -1,
    onEvent: (e) => events.push(e),
  });
  return { result, lines: events.map(line) };
}

describe('action functions', () => {
  it('network.create: an existing network with our project label counts as done, a foreign one fails', async () => {
    const ours = new FakeEngine();
    ours.networks.set('app_a', {
      id: 'n',
      name: 'app_a',
      driver: 'bridge',
      labels: { 'com.docker.compose.project': 'app' },
    });
    expect((await apply(ours, [network('a')])).result.ok).toBe(true);

    const foreign = new FakeEngine();
    foreign.networks.set('app_a', { id: 'n', name: 'app_a', driver: 'bridge', labels: {} });
    expect((await apply(foreign, [network('a')])).result.failed.map((f) => f.id)).toEqual([
      'network:a',
    ]);
  });

  it('image.build of a remote context fails clearly, before calling the engine', async () => {
    const build: Action = {
      type: 'image.build',
      id: 'image:web',
      after: [],
      reason: 'x',
      service: 'web',
      image: 'app-web',
      build: {
        context: 'https://github.com/example/app.git',
        dockerfile: { kind: 'file', path: 'Dockerfile' },
        tags: ['app-web'],
        args: {},
        labels: {},
        cacheFrom: [],
        extraHosts: [],
        noCache: false,
        pull: false,
        warnings: [],
      },
    };
    const { lines } = await apply(new FakeEngine(), [build]);
    expect(lines).toContain(
      'fail image:web: cannot build app-web for service web: remote build contexts (https://github.com/example/app.git) are not supported yet',
    );
  });

  it('image.pull reports progress; container.create passes backend warnings on', async () => {
    const pull: Action = {
      type: 'image.pull',
      id: 'image:db',
      after: [],
      reason: 'x',
      service: 'db',
      image: 'busybox',
    };
    const withWarning = create('web');
    if (withWarning.type === 'container.create')
      Object.assign(withWarning.spec.labels, { warn: 'cpu_count is ignored' });
    const { lines } = await apply(new FakeEngine(), [pull, withWarning]);
    expect(lines).toContain('progress image:db: layer1: Downloading');
    expect(lines).toContain('warning cpu_count is ignored');
  });

  it('network.remove keeps a network live containers still use, with a warning and a status', async () => {
    const fake = new FakeEngine();
    fake.networks.set('app_default', {
      id: 'n',
      name: 'app_default',
      driver: 'bridge',
      labels: {},
    });
    const orphan = fake.addContainer({ name: 'app-old-1', labels: {}, state: 'running' });
    fake.endpoints.set('app_default', [orphan.id]);
    const { result, lines } = await apply(fake, [removeNetwork('default')]);
    expect(result.ok).toBe(true);
    expect(lines).toEqual([
      'start network:default',
      `warning network app_default is still in use by ${orphan.id}: not removed`,
      'done network:default (Resource is still in use)',
    ]);
    expect(fake.networks.has('app_default')).toBe(true);
  });

  it('network.remove without whenInUse: keep (a recreate in up) removes it regardless', async () => {
    const fake = new FakeEngine();
    fake.networks.set('app_default', {
      id: 'n',
      name: 'app_default',
      driver: 'bridge',
      labels: {},
    });
    const orphan = fake.addContainer({ name: 'app-old-1', labels: {}, state: 'running' });
    fake.endpoints.set('app_default', [orphan.id]);
    const { lines } = await apply(fake, [removeNetwork('default', 'fail')]);
    expect(lines).toEqual(['start network:default', 'done network:default']);
    expect(fake.calls).toEqual(['removeNetwork app_default']);
  });

  it('network.remove removes a network whose listed endpoints belong to removed containers, and a missing one is done', async () => {
    const fake = new FakeEngine();
    fake.networks.set('app_default', {
      id: 'n',
      name: 'app_default',
      driver: 'bridge',
      labels: {},
    });
    fake.endpoints.set('app_default', ['c-gone']);
    const { result, lines } = await apply(fake, [removeNetwork('default')]);
    expect(result.ok).toBe(true);
    expect(lines).toEqual(['start network:default', 'done network:default']);
    expect(fake.networks.has('app_default')).toBe(false);
    expect((await apply(fake, [removeNetwork('default')])).result.ok).toBe(true);
  });

  it('volume.remove keeps a volume in use (409) with a warning; a missing one is done; others fail', async () => {
    const fake = new FakeEngine();
    const error = (code: 'conflict' | 'not-found' | 'engine') =>
      new EngineError(`remove app_${code}: volume is in use`, {
        code,
        resource: `volume app_${code}`,
      });
    for (const code of ['conflict', 'not-found', 'engine'] as const)
      fake.failures.set(`removeVolume app_${code}`, error(code));
    const { result, lines } = await apply(fake, [
      removeVolume('conflict'),
      removeVolume('not-found'),
      removeVolume('engine'),
    ]);
    expect(lines).toContain('done volume:conflict (Resource is still in use)');
    expect(lines).toContain(
      'warning volume app_conflict is still in use: not removed (remove app_conflict: volume is in use)',
    );
    expect(lines).toContain('done volume:not-found');
    expect(result.failed.map((f) => f.id)).toEqual(['volume:engine']);
  });
});

const removeNetwork = (key: string, whenInUse: 'keep' | 'fail' = 'keep'): Action => ({
  type: 'network.remove',
  id: `network:${key}`,
  after: [],
  reason: 'down',
  network: key,
  name: `app_${key}`,
  whenInUse,
});

const removeVolume = (key: string): Action => ({
  type: 'volume.remove',
  id: `volume:${key}`,
  after: [],
  reason: 'down -v',
  volume: key,
  name: `app_${key}`,
});
