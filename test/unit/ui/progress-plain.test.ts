import { describe, expect, it } from 'vitest';
import type { ApplyResult, ExecutorEvent } from '../../../src/executor/types.js';
import type { Action } from '../../../src/planner/types.js';
import { plainLine, plainRenderer } from '../../../src/ui/progress/plain.js';
import { quietRenderer } from '../../../src/ui/progress/quiet.js';
import { progressRenderer } from '../../../src/ui/progress/index.js';

const start: Action = {
  type: 'container.start',
  id: 'container:web:1:start',
  after: [],
  reason: 'created',
  service: 'web',
  number: 1,
  name: 'demo-web-1',
};
const network: Action = {
  type: 'network.remove',
  id: 'network:default',
  after: [],
  reason: 'down',
  network: 'default',
  name: 'demo_default',
};
const wait: Action = {
  type: 'container.wait',
  id: 'wait:db',
  after: [],
  reason: 'depends_on',
  service: 'db',
  condition: 'service_healthy',
  required: true,
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    streams: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
  };
}

describe('plain progress', () => {
  it('renders each event as one compose-style line', () => {
    const events: ExecutorEvent[] = [
      { type: 'action.start', action: start },
      { type: 'action.done', action: start, durationMs: 12 },
      { type: 'action.start', action: network },
      { type: 'action.done', action: network, durationMs: 3 },
      { type: 'action.start', action: wait },
      { type: 'action.done', action: wait, durationMs: 3 },
      { type: 'action.progress', action: start, message: 'Downloading', current: 5, total: 10 },
      { type: 'action.fail', action: wait, error: new Error('db failed to become healthy') },
      {
        type: 'action.skip',
        action: start,
        cause: 'wait:db',
        reason: 'db failed to become healthy',
      },
      { type: 'warning', message: 'service web: foo is ignored' },
    ];
    expect(events.map(plainLine)).toEqual([
      'Container demo-web-1  Starting',
      'Container demo-web-1  Started',
      'Network demo_default  Removing',
      'Network demo_default  Removed',
      'Service db  Waiting',
      'Service db  Healthy',
      'Container demo-web-1  Downloading 5/10',
      'Service db  Error',
      'Container demo-web-1  Skipped: db failed to become healthy',
      'warning: service web: foo is ignored',
    ]);
  });

  it('prints each root cause once at the end, then what was skipped, on stderr', () => {
    const { out, err, streams } = capture();
    const renderer = plainRenderer(streams);
    const error = new Error('db failed to become healthy');
    renderer.event({ type: 'action.fail', action: wait, error });
    const result: ApplyResult = {
      ok: false,
      done: [],
      failed: [{ id: 'wait:db', error }],
      skipped: ['container:web:1:start'],
    };
    renderer.finish(result);
    expect(out.join('')).toBe('Service db  Error\n');
    expect(err.join('')).toBe(
      'error: wait:db: db failed to become healthy\nskipped: container:web:1:start\n',
    );
  });

  it('prints no summary when everything succeeded', () => {
    const { err, streams } = capture();
    plainRenderer(streams).finish({ ok: true, done: ['a'], failed: [], skipped: [] });
    expect(err).toEqual([]);
  });
});

describe('quiet progress', () => {
  it('prints nothing but the failures', () => {
    const { out, err, streams } = capture();
    const renderer = quietRenderer(streams);
    renderer.event({ type: 'action.start', action: start });
    renderer.finish({
      ok: false,
      done: [],
      failed: [{ id: 'x', error: new Error('boom') }],
      skipped: [],
    });
    expect(out).toEqual([]);
    expect(err.join('')).toBe('error: x: boom\n');
  });

  it('auto and tty render plain lines (no task view yet)', () => {
    for (const mode of ['auto', 'tty', 'plain'] as const) {
      const { out, streams } = capture();
      progressRenderer(mode, streams).event({ type: 'action.start', action: start });
      expect(out).toEqual(['Container demo-web-1  Starting\n']);
    }
  });
});
