import { describe, expect, it } from 'vitest';
import { StartWindow } from '../../../src/executor/start-window.js';

describe('StartWindow', () => {
  it('starts at 4 and grows by one after a full window of fast starts, up to the max', () => {
    const window = new StartWindow({ max: 6 });
    expect(window.limit).toBe(4);
    for (let i = 0; i < 4; i++) window.record(300);
    expect(window.limit).toBe(5);
    for (let i = 0; i < 5; i++) window.record(320);
    expect(window.limit).toBe(6);
    for (let i = 0; i < 20; i++) window.record(300);
    expect(window.limit).toBe(6);
  });

  it('shrinks by a quarter when a start takes far longer than the fastest, not below the min', () => {
    const window = new StartWindow({ initial: 8 });
    window.record(300);
    window.record(1000);
    expect(window.limit).toBe(6);
    window.record(1000);
    window.record(1000);
    window.record(1000);
    expect(window.limit).toBe(2);
  });

  it('neither grows nor shrinks on starts a little slower than the fastest', () => {
    const window = new StartWindow();
    window.record(300);
    for (let i = 0; i < 10; i++) window.record(600);
    expect(window.limit).toBe(4);
  });

  it('treats near-zero latencies as noise rather than as the baseline', () => {
    const window = new StartWindow();
    window.record(0);
    window.record(30);
    expect(window.limit).toBe(4);
  });
});
