import { describe, expect, it } from 'vitest';
import { renderWatchEvent, watchEventLine } from '../../../src/watch/format.js';

const synced = { type: 'synced', service: 'web', containers: ['p-web-1'] } as const;

describe('watch output lines', () => {
  it('one line per batch and service', () => {
    expect(
      watchEventLine({ ...synced, reason: 'change', files: 3, removed: 0, durationMs: 42.4 }),
    ).toBe('web: synced 3 files in 42 ms');
    expect(
      watchEventLine({ ...synced, reason: 'change', files: 0, removed: 1, durationMs: 8 }),
    ).toBe('web: removed 1 path in 8 ms');
    expect(
      watchEventLine({ ...synced, reason: 'initial', files: 1, removed: 0, durationMs: 8 }),
    ).toBe('web: synced 1 file (initial sync) in 8 ms');
    expect(
      watchEventLine({ ...synced, reason: 'resync', files: 2, removed: 1, durationMs: 8 }),
    ).toBe(
      'web: synced 2 files, removed 1 path into p-web-1 (changed while it was not running) in 8 ms',
    );
    expect(
      watchEventLine({ type: 'restarted', service: 'api', containers: [], durationMs: 1234 }),
    ).toBe('api: restarted in 1.2 s');
    expect(watchEventLine({ type: 'rebuilt', service: 'api', durationMs: 8100 })).toBe(
      'api: rebuilt in 8.1 s, recreated',
    );
  });

  it('failures and warnings go to stderr; --quiet drops exec output but keeps the line', () => {
    const exec = {
      type: 'exec',
      service: 'web',
      container: 'p-web-1',
      command: ['npm', 'test'],
      exitCode: 1,
      output: 'boom',
      durationMs: 10,
    } as const;
    expect(renderWatchEvent(exec)).toEqual({
      stderr: 'web: failed (exit code 1): npm test in p-web-1 (10 ms)\nboom\n',
    });
    expect(renderWatchEvent(exec, { quiet: true })).toEqual({
      stderr: 'web: failed (exit code 1): npm test in p-web-1 (10 ms)\n',
    });
    expect(
      renderWatchEvent({ type: 'error', service: 'web', action: 'sync', message: 'gone' }),
    ).toEqual({
      stderr: 'web: sync failed: gone\n',
    });
  });
});
