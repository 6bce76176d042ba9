import { describe, expect, it } from 'vitest';
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

  it('image.build fails clearly until builds exist', async () => {
    const build: Action = {
      type: 'image.build',
      id: 'image:web',
      after: [],
      reason: 'x',
      service: 'web',
      image: 'app-web',
    };
    const { lines } = await apply(new FakeEngine(), [build]);
    expect(lines).toContain(
      'fail image:web: building images is not supported yet (issue 5): cannot build app-web for service web',
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
});
