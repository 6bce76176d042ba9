import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/planner/types.js';
import { jsonRenderer } from '../../../src/ui/progress/json.js';

const create: Action = {
  type: 'container.create',
  id: 'container:web:1',
  after: ['network:default'],
  reason: 'not found',
  service: 'web',
  number: 1,
  spec: {
    name: 'demo-web-1',
    image: 'busybox',
    labels: {},
    env: ['PASSWORD=hunter2'],
    tty: false,
    stdinOpen: false,
    privileged: false,
    readOnly: false,
    ports: [],
    expose: [],
    mounts: [],
    networks: [],
    extra: {},
  },
};

function run(feed: (r: ReturnType<typeof jsonRenderer>) => void): Record<string, unknown>[] {
  const out: string[] = [];
  let clock = 1000;
  const renderer = jsonRenderer({ out: (t) => out.push(t), err: () => undefined }, () => clock++);
  feed(renderer);
  const text = out.join('');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('json progress (NDJSON contract, docs/progress-json.md)', () => {
  it('writes one object per event and a result line', () => {
    const error = Object.assign(new Error('port is already allocated'), {
      code: 'engine.conflict',
    });
    const lines = run((renderer) => {
      renderer.event({ type: 'action.start', action: create });
      renderer.event({ type: 'action.done', action: create, durationMs: 42 });
      renderer.event({ type: 'action.fail', action: create, error });
      renderer.event({ type: 'warning', message: 'careful' });
      renderer.finish({
        ok: false,
        done: ['container:web:1'],
        failed: [{ id: 'container:web:1', error }],
        skipped: ['s'],
      });
    });
    expect(lines).toEqual([
      {
        v: 1,
        time: 1000,
        type: 'action.start',
        id: 'container:web:1',
        action: 'container.create',
        resource: { kind: 'container', name: 'demo-web-1' },
        service: 'web',
        status: 'Creating',
        reason: 'not found',
      },
      {
        v: 1,
        time: 1001,
        type: 'action.done',
        id: 'container:web:1',
        action: 'container.create',
        resource: { kind: 'container', name: 'demo-web-1' },
        service: 'web',
        status: 'Created',
        durationMs: 42,
      },
      {
        v: 1,
        time: 1002,
        type: 'action.fail',
        id: 'container:web:1',
        action: 'container.create',
        resource: { kind: 'container', name: 'demo-web-1' },
        service: 'web',
        status: 'Error',
        error: { message: 'port is already allocated', code: 'engine.conflict' },
      },
      { v: 1, time: 1003, type: 'warning', message: 'careful' },
      {
        v: 1,
        time: 1004,
        type: 'result',
        ok: false,
        done: ['container:web:1'],
        failed: [
          {
            id: 'container:web:1',
            error: { message: 'port is already allocated', code: 'engine.conflict' },
          },
        ],
        skipped: ['s'],
      },
    ]);
  });

  it('never prints a container spec (environment values stay private)', () => {
    const lines = run((renderer) => renderer.event({ type: 'action.start', action: create }));
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });

  it('skip lines name the root cause', () => {
    const [line] = run((renderer) =>
      renderer.event({
        type: 'action.skip',
        action: create,
        cause: 'wait:db',
        reason: 'db failed',
      }),
    );
    expect(line).toMatchObject({
      type: 'action.skip',
      status: 'Skipped',
      cause: 'wait:db',
      reason: 'db failed',
    });
  });
});
