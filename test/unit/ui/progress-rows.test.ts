import { describe, expect, it } from 'vitest';
import type { ExecutorEvent } from '../../../src/executor/types.js';
import { renderFrame } from '../../../src/ui/progress/frame.js';
import { applyEvent, elapsedSeconds, type Rows } from '../../../src/ui/progress/rows.js';
import { createWeb, startWeb, waitDb } from './progress-fixtures.js';

/** Folds timed events into rows: `[ms, event]`. */
function fold(events: readonly (readonly [number, ExecutorEvent])[]): Rows {
  return events.reduce<Rows>((rows, [time, event]) => applyEvent(rows, event, time), []);
}

describe('tty rows', () => {
  it('keeps one row per resource and puts it back to work when another of its actions starts', () => {
    const rows = fold([
      [0, { type: 'action.start', action: createWeb }],
      [100, { type: 'action.done', action: createWeb, durationMs: 100 }],
      [900, { type: 'action.start', action: startWeb }],
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      label: 'Container demo-web-1',
      outcome: 'working',
      status: 'Starting',
    });
    // The timer runs from the first event, as Docker Compose's does.
    expect(elapsedSeconds(rows[0]!, 1500)).toBe(1.5);
  });

  it('stops the timer when the row settles', () => {
    const rows = fold([
      [0, { type: 'action.start', action: waitDb }],
      [2500, { type: 'action.done', action: waitDb, durationMs: 2500 }],
    ]);
    expect(rows[0]).toMatchObject({ outcome: 'done', status: 'Healthy' });
    expect(elapsedSeconds(rows[0]!, 9000)).toBe(2.5);
  });

  it('keeps an error on its row whatever comes after', () => {
    const rows = fold([
      [0, { type: 'action.start', action: createWeb }],
      [10, { type: 'action.fail', action: createWeb, error: new Error('name in use\nmore') }],
      [20, { type: 'action.skip', action: startWeb, cause: createWeb.id, reason: 'create failed' }],
    ]);
    expect(rows[0]).toMatchObject({ outcome: 'error', status: 'Error', details: 'name in use' });
  });

  it('adds a skipped row for an action that never started', () => {
    const rows = fold([
      [5, { type: 'action.skip', action: startWeb, cause: 'wait:db', reason: 'db unhealthy' }],
    ]);
    expect(rows[0]).toMatchObject({
      outcome: 'skipped',
      status: 'Skipped',
      details: 'db unhealthy',
      inFlight: 0,
    });
  });

  it('shows progress messages as details while working', () => {
    const rows = fold([
      [0, { type: 'action.start', action: waitDb }],
      [1, { type: 'action.progress', action: waitDb, message: 'health', current: 2, total: 5 }],
    ]);
    expect(rows[0]).toMatchObject({ outcome: 'working', status: 'Waiting', details: 'health 2/5' });
  });

  it('leaves the rows unchanged on warnings', () => {
    const rows = fold([[0, { type: 'action.start', action: waitDb }]]);
    expect(applyEvent(rows, { type: 'warning', message: 'x' }, 1)).toBe(rows);
  });
});

describe('tty frame', () => {
  it('counts settled rows in the header and spins the working ones', () => {
    const rows = fold([
      [0, { type: 'action.start', action: createWeb }],
      [0, { type: 'action.start', action: waitDb }],
      [300, { type: 'action.done', action: createWeb, durationMs: 300 }],
    ]);
    const frame = renderFrame(rows, { now: 1000, width: 50, colour: false, spinner: '⠹' });
    expect(frame.split('\n')).toEqual([
      '[+] Running 1/2',
      ' ✔ Container demo-web-1  Created             0.3s',
      ' ⠹ Service db            Waiting             1.0s',
    ]);
  });
});
