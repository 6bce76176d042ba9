import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/executor/index.js';
import type { ExecutorEvent } from '../../../src/executor/types.js';
import { EngineError } from '../../../src/engine/errors.js';
import type { Action } from '../../../src/planner/types.js';
import { plan, PROJECT, spec } from './builders.js';
import { FakeEngine } from './fake-engine.js';

const OLD_ID = 'abcdef1234567890abcdef';
const NAME = `${PROJECT}-web-1`;
const TEMP = `abcdef123456_${NAME}`;

const recreate: Action = {
  type: 'container.recreate',
  id: 'container:web:1',
  after: [],
  reason: 'env changed',
  service: 'web',
  number: 1,
  containerId: OLD_ID,
  spec: spec(NAME, [], { 'com.docker.compose.service': 'web' }),
};

function setup() {
  const fake = new FakeEngine();
  fake.addContainer({ id: OLD_ID, name: NAME, labels: {}, state: 'running' });
  return fake;
}

async function apply(fake: FakeEngine) {
  const events: ExecutorEvent[] = [];
  const result = await applyPlan(plan([recreate]), fake.asEngine(), {
    parallel: -1,
    timeoutSeconds: 3,
    onEvent: (e) => events.push(e),
  });
  return { result, events };
}

const names = (fake: FakeEngine) => [...fake.containers.values()].map((c) => c.name).sort();

describe('container.recreate', () => {
  it('creates the new container under a temporary name, stops and removes the old one, then renames', async () => {
    const fake = setup();
    const { result } = await apply(fake);
    expect(result.ok).toBe(true);
    expect(fake.calls).toEqual([
      `createContainer ${TEMP}`,
      `stopContainer ${OLD_ID}`,
      `removeContainer ${OLD_ID}`,
      expect.stringMatching(/^renameContainer c0+1$/),
    ]);
    const [replacement] = [...fake.containers.values()];
    expect(replacement).toMatchObject({ name: NAME });
    expect(replacement!.labels['com.docker.compose.replace']).toBe(OLD_ID);
  });

  it.each(['stopContainer', 'removeContainer', 'renameContainer'])(
    'leaves no temp-named container when %s fails',
    async (method) => {
      const fake = setup();
      const target = method === 'renameContainer' ? 'c000000000000001' : OLD_ID;
      const failure = new EngineError('Cannot do it.', { code: 'engine', resource: 'x' });
      fake.failures.set(`${method} ${target}`, failure);
      const { result, events } = await apply(fake);
      expect(result.failed).toEqual([{ id: 'container:web:1', error: failure }]);
      expect(events.filter((e) => e.type === 'action.fail')).toHaveLength(1);
      expect(names(fake).filter((n) => n.includes('_'))).toEqual([]);
      // The old container survives a failed stop or remove: the next `up` recreates it again.
      expect(names(fake)).toEqual(method === 'renameContainer' ? [] : [NAME]);
    },
  );

  it('replaces a temp-named leftover of an interrupted run', async () => {
    const fake = setup();
    fake.addContainer({ name: TEMP, labels: {}, state: 'created' });
    const { result } = await apply(fake);
    expect(result.ok).toBe(true);
    expect(names(fake)).toEqual([NAME]);
  });
});
