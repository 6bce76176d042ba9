import { describe, expect, it } from 'vitest';
import type { ApplyResult, ExecutorEvent } from '../../../src/executor/types.js';
import type { Action } from '../../../src/planner/types.js';
import {
  plainLine,
  plainRenderer,
  plainStep,
  type PlainProgress,
} from '../../../src/ui/progress/plain.js';
import { layerEvent, pullApp } from './progress-fixtures.js';
import { quietRenderer } from '../../../src/ui/progress/quiet.js';
import { progressRenderer, type LiveStream } from '../../../src/ui/progress/index.js';
import type { AnsiMode } from '../../../src/ui/terminal.js';

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
      { type: 'action.done', action: network, durationMs: 3, status: 'Resource is still in use' },
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
    expect(events.map((event) => plainLine(event))).toEqual([
      'Container demo-web-1  Starting',
      'Container demo-web-1  Started',
      'Network demo_default  Removing',
      'Network demo_default  Removed',
      'Network demo_default  Resource is still in use',
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

describe('plain progress of a pull or push', () => {
  /** Eight layers pulled one after the other, each with its usual events. */
  function pullOfEight(): ExecutorEvent[] {
    const ids = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8'];
    return [
      { type: 'action.start', action: pullApp },
      { type: 'action.progress', action: pullApp, message: '1: Pulling from app' },
      ...ids.map((id) => layerEvent(id, 'Pulling fs layer')),
      ...ids.flatMap((id) => [
        layerEvent(id, 'Downloading', 10, 100),
        layerEvent(id, 'Downloading', 100, 100),
        layerEvent(id, 'Download complete'),
        layerEvent(id, 'Extracting', 50, 100),
        layerEvent(id, 'Pull complete'),
      ]),
      { type: 'action.progress', action: pullApp, message: 'Digest: sha256:abc' },
      // A push's final `aux` record carries no text.
      { type: 'action.progress', action: pullApp, message: '' },
      { type: 'action.done', action: pullApp, durationMs: 1 },
    ];
  }

  it('prints the start and end of the image, its own messages, and each quarter of its layers', () => {
    const { out, streams } = capture();
    const renderer = plainRenderer(streams);
    for (const event of pullOfEight()) renderer.event(event);
    expect(out.join('')).toBe(
      [
        'Image 127.0.0.1:5000/app:1  Pulling',
        'Image 127.0.0.1:5000/app:1  1: Pulling from app',
        'Image 127.0.0.1:5000/app:1  Pulling 2/8 layers',
        'Image 127.0.0.1:5000/app:1  Pulling 4/8 layers',
        'Image 127.0.0.1:5000/app:1  Pulling 6/8 layers',
        'Image 127.0.0.1:5000/app:1  Digest: sha256:abc',
        'Image 127.0.0.1:5000/app:1  Pulled',
        '',
      ].join('\n'),
    );
  });

  it('prints no quarter line twice, nor one for layers that already existed', () => {
    let state: PlainProgress = new Map();
    const lines: string[] = [];
    const events: ExecutorEvent[] = [
      { type: 'action.start', action: pullApp },
      layerEvent('a', 'Already exists'),
      layerEvent('b', 'Pulling fs layer'),
      layerEvent('b', 'Pull complete'),
      // The same status again (the executor passes every status change).
      layerEvent('b', 'Pull complete'),
      { type: 'action.done', action: pullApp, durationMs: 1 },
      { type: 'action.start', action: pullApp },
      layerEvent('c', 'Pulling fs layer'),
      layerEvent('d', 'Pulling fs layer'),
      layerEvent('c', 'Pull complete'),
    ];
    for (const event of events) {
      const step = plainStep(state, event);
      state = step.state;
      lines.push(...step.lines);
    }
    expect(lines).toEqual([
      'Image 127.0.0.1:5000/app:1  Pulling',
      // a: 1/1 is everything, said by the end line; b then makes 2/2.
      'Image 127.0.0.1:5000/app:1  Pulled',
      'Image 127.0.0.1:5000/app:1  Pulling',
      // A new action counts afresh: 1/2 is half.
      'Image 127.0.0.1:5000/app:1  Pulling 1/2 layers',
    ]);
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

  it('plain, and auto off a terminal, render plain lines', async () => {
    for (const mode of ['auto', 'plain'] as const) {
      const { out, streams } = capture();
      const renderer = await progressRenderer(mode, {
        streams,
        terminal: { isTTY: false } as LiveStream,
        env: {},
        ansi: 'auto',
      });
      renderer.event({ type: 'action.start', action: start });
      expect(out).toEqual(['Container demo-web-1  Starting\n']);
    }
  });
});

describe('plain progress colours', () => {
  const events: ExecutorEvent[] = [
    { type: 'action.start', action: start },
    { type: 'action.done', action: start, durationMs: 1 },
    { type: 'action.fail', action: wait, error: new Error('unhealthy') },
    { type: 'action.skip', action: start, cause: 'wait:db', reason: 'db unhealthy' },
    { type: 'warning', message: 'careful' },
  ];

  it('colours done green, errors red, skips and warnings yellow, in-flight not at all', () => {
    expect(events.map((event) => plainLine(event, { colour: true }))).toEqual([
      'Container demo-web-1  Starting',
      'Container demo-web-1  \u001b[32mStarted\u001b[39m',
      'Service db  \u001b[31mError\u001b[39m',
      'Container demo-web-1  \u001b[33mSkipped\u001b[39m: db unhealthy',
      '\u001b[33mwarning\u001b[39m: careful',
    ]);
  });

  async function run(ansi: AnsiMode, env: NodeJS.ProcessEnv, isTTY: boolean): Promise<string> {
    const { out, err, streams } = capture();
    const renderer = await progressRenderer('plain', {
      streams,
      terminal: { isTTY } as LiveStream,
      env,
      ansi,
    });
    for (const event of events) renderer.event(event);
    renderer.finish({
      ok: false,
      done: [],
      failed: [{ id: 'wait:db', error: new Error('unhealthy') }],
      skipped: ['container:web:1:start'],
    });
    return [...out, ...err].join('');
  }

  it('writes no escape code at all with --ansi never, NO_COLOR, TERM=dumb or off a terminal', async () => {
    for (const output of await Promise.all([
      run('never', {}, true),
      run('auto', { NO_COLOR: '1' }, true),
      run('auto', { TERM: 'dumb' }, true),
      run('auto', {}, false),
    ])) {
      expect(output).toContain('Container demo-web-1  Started');
      expect(output).not.toContain('\u001b');
    }
  });

  it('colours on a terminal, and with --ansi always anywhere', async () => {
    for (const output of await Promise.all([run('auto', {}, true), run('always', {}, false)])) {
      expect(output).toContain('\u001b[32mStarted\u001b[39m');
      expect(output).toContain('\u001b[31merror\u001b[39m: wait:db: unhealthy');
    }
  });
});
