import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher, type Timers } from '../../../src/watch/batcher.js';

const fakeTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe('adaptive batcher', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('flushes a single event after the short quiet period', () => {
    const batches: string[][] = [];
    const batcher = createBatcher((b) => batches.push(b), { quietPeriodMs: 15 }, fakeTimers);
    batcher.add('/a');
    vi.advanceTimersByTime(14);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['/a']]);
  });

  it('a burst keeps extending one batch, up to the longest quiet period, paths de-duplicated in order', () => {
    const batches: string[][] = [];
    const batcher = createBatcher(
      (b) => batches.push(b),
      { quietPeriodMs: 10, maxQuietPeriodMs: 100 },
      fakeTimers,
    );
    // 500 files, one every 5 ms (a checkout on a slow disk): 2.5 s of events.
    for (let i = 0; i < 500; i++) {
      batcher.add(`/f${i}`);
      if (i === 3) batcher.add('/f0');
      vi.advanceTimersByTime(5);
    }
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(94);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(500);
    expect(batches[0]!.slice(0, 3)).toEqual(['/f0', '/f1', '/f2']);
  });

  it('the quiet period doubles per event: 10, 20, 40 ms', () => {
    const flushedAt: number[] = [];
    const start = Date.now();
    const batcher = createBatcher(
      () => flushedAt.push(Date.now() - start),
      { quietPeriodMs: 10, maxQuietPeriodMs: 1000 },
      fakeTimers,
    );
    batcher.add('/a');
    batcher.add('/b');
    batcher.add('/c');
    vi.advanceTimersByTime(39);
    expect(flushedAt).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushedAt).toEqual([40]);
    // After a flush the next event starts from the short period again.
    batcher.add('/d');
    vi.advanceTimersByTime(10);
    expect(flushedAt).toEqual([40, 50]);
  });

  it('flushes a never-ending stream at the latest maxDelayMs after its first event', () => {
    const batches: string[][] = [];
    const batcher = createBatcher(
      (b) => batches.push(b),
      { quietPeriodMs: 10, maxQuietPeriodMs: 100, maxDelayMs: 300 },
      fakeTimers,
    );
    // An event every 8 ms: each one comes before the quiet period ends.
    for (let t = 0; t < 300; t += 8) {
      batcher.add('/log');
      vi.advanceTimersByTime(8);
    }
    expect(batches).toEqual([['/log']]);
  });

  it('close drops what is pending; flush sends it at once', () => {
    const batches: string[][] = [];
    const batcher = createBatcher((b) => batches.push(b), {}, fakeTimers);
    batcher.add('/a');
    batcher.flush();
    expect(batches).toEqual([['/a']]);
    batcher.add('/b');
    batcher.close();
    batcher.add('/c');
    vi.advanceTimersByTime(10_000);
    expect(batches).toEqual([['/a']]);
  });
});

describe('adaptive batcher: bursts announced', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('a new directory waits the longest quiet period at once, for the files reported after it', () => {
    const batches: string[][] = [];
    const batcher = createBatcher(
      (b) => batches.push(b),
      { quietPeriodMs: 10, maxQuietPeriodMs: 200 },
      fakeTimers,
    );
    batcher.add('/dir', true);
    vi.advanceTimersByTime(150);
    batcher.add('/dir/a');
    vi.advanceTimersByTime(199);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['/dir', '/dir/a']]);
  });
});
