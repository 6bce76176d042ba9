import { describe as suite, expect, it } from 'vitest';
import { applyPlan } from '../../../src/executor/index.js';
import type { ApplyOptions, ExecutorEvent } from '../../../src/executor/types.js';
import { EngineError } from '../../../src/engine/errors.js';
import { create, describe, network, plan, start, tick, wait } from './builders.js';
import { FakeEngine } from './fake-engine.js';

function run(
  fake: FakeEngine,
  actions: Parameters<typeof plan>[0],
  options: Partial<ApplyOptions> = {},
) {
  const events: ExecutorEvent[] = [];
  const result = applyPlan(plan(actions), fake.asEngine(), {
    parallel: -1,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { events, lines: () => events.map(describe), result };
}

suite('applyPlan: DAG walk', () => {
  it('starts an action only when everything it comes after is done, ready actions in plan order', async () => {
    const fake = new FakeEngine();
    const { lines, result } = run(fake, [
      network('a'),
      network('b', ['network:a']),
      network('c', ['network:a']),
      network('d', ['network:b', 'network:c']),
    ]);
    expect((await result).ok).toBe(true);
    const order = lines().filter((l) => !l.startsWith('progress'));
    expect(order.slice(0, 3)).toEqual(['start network:a', 'done network:a', 'start network:b']);
    expect(order.indexOf('start network:c')).toBeLessThan(order.indexOf('done network:b'));
    expect(order.indexOf('start network:d')).toBeGreaterThan(order.indexOf('done network:b'));
    expect(order.indexOf('start network:d')).toBeGreaterThan(order.indexOf('done network:c'));
    expect(order).toHaveLength(8);
  });

  it('keeps at most `parallel` actions in flight, unbounded with -1', async () => {
    const actions = ['a', 'b', 'c', 'd', 'e'].map((key) => network(key));
    const bounded = new FakeEngine();
    bounded.gate = tick;
    await run(bounded, actions, { parallel: 2 }).result;
    expect(bounded.maxInFlight).toBe(2);
    expect(bounded.calls).toEqual(['a', 'b', 'c', 'd', 'e'].map((k) => `createNetwork app_${k}`));

    const unbounded = new FakeEngine();
    unbounded.gate = tick;
    await run(unbounded, actions, { parallel: -1 }).result;
    expect(unbounded.maxInFlight).toBe(5);
  });

  it('reports durations from the injected clock', async () => {
    let time = 1000;
    const { events, result } = run(new FakeEngine(), [network('a')], { now: () => (time += 250) });
    await result;
    expect(events.find((e) => e.type === 'action.done')).toMatchObject({ durationMs: 250 });
  });

  it('refuses a plan whose `after` names an unknown action', () => {
    expect(() => run(new FakeEngine(), [network('a', ['network:zzz'])])).toThrow(/network:zzz/);
  });
});

suite('applyPlan: starts and ephemeral ports', () => {
  it('serialises only starts that publish an ephemeral host port', async () => {
    const fake = new FakeEngine();
    const running = new Set<string>();
    const overlaps: string[] = [];
    fake.gate = async (method, target) => {
      if (method !== 'startContainer') return;
      if (running.size > 0) overlaps.push(`${target} with ${[...running].sort().join(',')}`);
      running.add(target);
      await tick();
      running.delete(target);
    };
    const ephemeral = [{ target: 80, protocol: 'tcp' as const }];
    const fixed = [{ target: 80, protocol: 'tcp' as const, published: '8080' }];
    const { result } = run(fake, [
      create('a', [], ephemeral),
      create('b', [], ephemeral),
      create('c', [], fixed),
      start('a'),
      start('b'),
      start('c'),
    ]);
    expect((await result).ok).toBe(true);
    // c overlaps with an ephemeral start; the two ephemeral ones never overlap each other.
    expect(overlaps).toContain('app-c-1 with app-a-1');
    expect(overlaps.filter((o) => o.includes('app-a-1') && o.includes('app-b-1'))).toEqual([]);
    expect(fake.calls.indexOf('startContainer app-b-1')).toBeGreaterThan(
      fake.calls.indexOf('startContainer app-c-1'),
    );
  });
});

suite('applyPlan: the start window', () => {
  const fixed = [{ target: 80, protocol: 'tcp' as const, published: '8080' }];
  const keys = Array.from({ length: 10 }, (_, i) => `s${i}`);
  const actions = [...keys.map((k) => create(k, [], fixed)), ...keys.map((k) => start(k))];

  it('without a parallel bound, starts go through the window (4, growing while fast); creates do not', async () => {
    const fake = new FakeEngine();
    let starts = 0;
    let maxStarts = 0;
    let creates = 0;
    let maxCreates = 0;
    fake.gate = async (method) => {
      if (method === 'startContainer') maxStarts = Math.max(maxStarts, ++starts);
      if (method === 'createContainer') maxCreates = Math.max(maxCreates, ++creates);
      await tick();
      if (method === 'startContainer') starts--;
      if (method === 'createContainer') creates--;
    };
    expect((await run(fake, actions).result).ok).toBe(true);
    expect(maxStarts).toBeGreaterThanOrEqual(4);
    expect(maxStarts).toBeLessThan(10);
    expect(maxCreates).toBe(10);
  });

  it('with --parallel the bound alone decides', async () => {
    const fake = new FakeEngine();
    let starts = 0;
    let maxStarts = 0;
    fake.gate = async (method) => {
      if (method === 'startContainer') maxStarts = Math.max(maxStarts, ++starts);
      await tick();
      if (method === 'startContainer') starts--;
    };
    expect((await run(fake, actions, { parallel: 6 }).result).ok).toBe(true);
    expect(maxStarts).toBe(6);
  });
});

suite('applyPlan: failures', () => {
  it('reports the failure once, skips everything after it with the root cause, finishes other branches', async () => {
    const fake = new FakeEngine();
    fake.failures.set(
      'createContainer app-db-1',
      new EngineError('Cannot create container app-db-1: boom.', { code: 'engine', resource: 'x' }),
    );
    const { lines, result } = run(fake, [
      create('db'),
      create('other'),
      start('db'),
      wait('db', 'service_healthy'),
      create('web', ['container:db:1']),
      start('web', ['container:web:1', 'wait:db']),
      start('other'),
    ]);
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    expect(outcome.failed.map((f) => f.id)).toEqual(['container:db:1']);
    expect(lines().filter((l) => l.startsWith('fail'))).toEqual([
      'fail container:db:1: Cannot create container app-db-1: boom.',
    ]);
    expect(lines().filter((l) => l.startsWith('skip'))).toEqual([
      'skip container:db:1:start (container:db:1) container:db:1 failed',
      'skip container:web:1 (container:db:1) container:db:1 failed',
      'skip wait:db (container:db:1) container:db:1 failed',
      'skip container:web:1:start (container:db:1) container:db:1 failed',
    ]);
    expect(outcome.done.sort()).toEqual(['container:other:1', 'container:other:1:start']);
  });

  it('cancellation starts nothing new and skips what has not started; in-flight work finishes', async () => {
    const fake = new FakeEngine();
    const controller = new AbortController();
    fake.gate = async (_method, target) => {
      if (target === 'app_a') controller.abort();
      await tick();
    };
    const { lines, result } = run(
      fake,
      [network('a'), network('b', ['network:a']), network('c', ['network:b'])],
      {
        signal: controller.signal,
      },
    );
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    expect(outcome.done).toEqual(['network:a']);
    expect(lines()).toEqual([
      'start network:a',
      'skip network:b (cancelled) cancelled',
      'skip network:c (cancelled) cancelled',
      'done network:a',
    ]);
    expect(fake.calls).toEqual(['createNetwork app_a']);
  });
});
