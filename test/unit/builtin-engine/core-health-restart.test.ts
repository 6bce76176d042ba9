import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INITIAL_BACKOFF_MS,
  nextBackoff,
  shouldRestart,
} from '../../../src/builtin-engine/daemon/containers/restart-policy.js';
import type { HealthState } from '../../../src/builtin-engine/daemon/containers/record.js';
import { HealthMonitor } from '../../../src/builtin-engine/daemon/health/monitor.js';
import { probeConfig } from '../../../src/builtin-engine/daemon/health/probe-config.js';
import { runProbe } from '../../../src/builtin-engine/daemon/health/probe.js';
import {
  applyProbeResult,
  initialHealth,
  type ProbeResult,
} from '../../../src/builtin-engine/daemon/health/transitions.js';
import { FakeRuntime } from '../../support/fake-machinery.js';

describe('restart policies', () => {
  const exit = (exitCode: number, restartCount = 0, stoppedByApi = false) => ({
    exitCode,
    restartCount,
    stoppedByApi,
  });
  it('decides like Docker', () => {
    const no = { name: 'no', maximumRetryCount: 0 } as const;
    const always = { name: 'always', maximumRetryCount: 0 } as const;
    const unless = { name: 'unless-stopped', maximumRetryCount: 0 } as const;
    const onFailure2 = { name: 'on-failure', maximumRetryCount: 2 } as const;
    const onFailure = { name: 'on-failure', maximumRetryCount: 0 } as const;
    expect(shouldRestart(no, exit(1))).toBe(false);
    expect(shouldRestart(always, exit(0))).toBe(true);
    expect(shouldRestart(always, exit(0, 0, true))).toBe(false);
    expect(shouldRestart(unless, exit(1))).toBe(true);
    expect(shouldRestart(unless, exit(1, 0, true))).toBe(false);
    expect(shouldRestart(onFailure2, exit(0))).toBe(false);
    expect(shouldRestart(onFailure2, exit(1, 0))).toBe(true);
    expect(shouldRestart(onFailure2, exit(1, 1))).toBe(true);
    expect(shouldRestart(onFailure2, exit(1, 2))).toBe(false);
    expect(shouldRestart(onFailure, exit(137, 1000))).toBe(true);
  });

  it('backs off from 100 ms, doubling to a minute, reset after 10 s up', () => {
    let delay = 0;
    const seen: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      delay = nextBackoff(delay, 50);
      seen.push(delay);
    }
    expect(seen.slice(0, 5)).toEqual([100, 200, 400, 800, 1600]);
    expect(seen.at(-1)).toBe(60_000);
    expect(nextBackoff(6400, 10_000)).toBe(INITIAL_BACKOFF_MS);
    expect(nextBackoff(6400, 9_999)).toBe(12_800);
  });
});

describe('health transitions', () => {
  const startedAt = new Date('2024-01-01T00:00:00Z');
  const result = (secondsAfterStart: number, exitCode: number, output = ''): ProbeResult => ({
    start: new Date(startedAt.getTime() + secondsAfterStart * 1000),
    end: new Date(startedAt.getTime() + secondsAfterStart * 1000 + 5),
    exitCode,
    output,
  });
  const options = { retries: 3, startPeriodMs: 0, startedAt };

  it('goes healthy on success and unhealthy after `retries` failures', () => {
    let health = initialHealth();
    expect(health).toEqual({ Status: 'starting', FailingStreak: 0, Log: [] });
    health = applyProbeResult(health, result(1, 1), options);
    health = applyProbeResult(health, result(2, 1), options);
    expect(health).toMatchObject({ Status: 'starting', FailingStreak: 2 });
    health = applyProbeResult(health, result(3, 0, 'ok'), options);
    expect(health).toMatchObject({ Status: 'healthy', FailingStreak: 0 });
    for (let i = 4; i < 7; i += 1) health = applyProbeResult(health, result(i, 2), options);
    expect(health).toMatchObject({ Status: 'unhealthy', FailingStreak: 3 });
    expect(health.Log).toHaveLength(5);
    expect(health.Log[0]).toMatchObject({
      ExitCode: 1,
      Start: '2024-01-01T00:00:02.000Z',
      End: '2024-01-01T00:00:02.005Z',
    });
  });

  it('does not count failures inside the start period while starting', () => {
    const withPeriod = { ...options, startPeriodMs: 10_000 };
    let health = initialHealth();
    for (let i = 1; i < 6; i += 1) health = applyProbeResult(health, result(i, 1), withPeriod);
    expect(health).toMatchObject({ Status: 'starting', FailingStreak: 0 });
    health = applyProbeResult(health, result(11, 1), withPeriod);
    expect(health.FailingStreak).toBe(1);
    // once healthy, the start period no longer shields failures
    health = applyProbeResult(initialHealth(), result(1, 0), withPeriod);
    health = applyProbeResult(health, result(2, 1), withPeriod);
    expect(health.FailingStreak).toBe(1);
  });

  it('cuts output at 4 KiB and keeps the log over a restart', () => {
    const health = applyProbeResult(initialHealth(), result(1, 0, 'x'.repeat(5000)), options);
    expect(health.Log[0]?.Output).toHaveLength(4096);
    expect(initialHealth({ ...health, FailingStreak: 2 })).toEqual({
      Status: 'starting',
      FailingStreak: 0,
      Log: health.Log,
    });
  });

  it('reads Healthcheck configs with Docker defaults', () => {
    expect(probeConfig({ Test: ['CMD-SHELL', 'curl -f localhost'] })).toEqual({
      args: ['/bin/sh', '-c', 'curl -f localhost'],
      intervalMs: 30_000,
      timeoutMs: 30_000,
      startPeriodMs: 0,
      retries: 3,
    });
    expect(
      probeConfig({
        Test: ['CMD', 'check', '-v'],
        Interval: 2e9,
        Timeout: 5e8,
        StartPeriod: 1e10,
        Retries: 1,
      }),
    ).toEqual({
      args: ['check', '-v'],
      intervalMs: 2000,
      timeoutMs: 500,
      startPeriodMs: 10_000,
      retries: 1,
    });
    expect(probeConfig({ Test: ['NONE'] })).toBeUndefined();
    expect(probeConfig({ Test: [] })).toBeUndefined();
    expect(probeConfig({ Test: ['CMD'] })).toBeUndefined();
    expect(probeConfig(undefined)).toBeUndefined();
  });
});

describe('health monitor (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2024-01-01T00:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('probes every interval, reports changes, skips while paused, stops', async () => {
    const monitor = new HealthMonitor();
    const codes = [0, 1, 1];
    let probes = 0;
    let paused = false;
    const updates: Array<[HealthState['Status'], boolean]> = [];
    const initial = monitor.start({
      containerId: 'c1',
      config: { args: ['true'], intervalMs: 1000, timeoutMs: 500, startPeriodMs: 0, retries: 2 },
      startedAt: new Date(),
      probe: async () => {
        const code = codes[probes++] ?? 0;
        return { start: new Date(), end: new Date(), exitCode: code, output: '' };
      },
      isPaused: () => paused,
      update: (health, changed) => {
        updates.push([health.Status, changed]);
      },
    });
    expect(initial.Status).toBe('starting');
    await vi.advanceTimersByTimeAsync(999);
    expect(probes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(updates).toEqual([['healthy', true]]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(updates).toEqual([
      ['healthy', true],
      ['healthy', false],
      ['unhealthy', true],
    ]);
    paused = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(probes).toBe(3);
    paused = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(probes).toBe(4);
    monitor.stop('c1');
    expect(monitor.isRunning('c1')).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(probes).toBe(4);
  });

  it('a probe that throws counts as a failure with its message', async () => {
    const monitor = new HealthMonitor();
    let last: HealthState | undefined;
    monitor.start({
      containerId: 'c2',
      config: { args: ['x'], intervalMs: 100, timeoutMs: 100, startPeriodMs: 0, retries: 1 },
      startedAt: new Date(),
      probe: async () => {
        throw new Error('container is not running');
      },
      isPaused: () => false,
      update: (health) => {
        last = health;
      },
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(last).toMatchObject({
      Status: 'unhealthy',
      Log: [{ ExitCode: -1, Output: 'container is not running' }],
    });
    monitor.stopAll();
  });

  it('runProbe times out with Docker message and passes output and env', async () => {
    const runtime = new FakeRuntime();
    await runtime.start({ id: 'c3', logPath: '/l' } as never);
    runtime.execHandler = (_id, request) => ({
      exitCode: 0,
      output: request.env.join(','),
      delayMs: request.args[0] === 'slow' ? 5000 : 10,
    });
    const fast = runProbe(runtime, 'c3', { env: ['A=1'], user: '' }, ['fast'], 1000);
    await vi.advanceTimersByTimeAsync(10);
    expect(await fast).toMatchObject({ exitCode: 0, output: 'A=1' });
    const slow = runProbe(runtime, 'c3', { env: [], user: '' }, ['slow'], 1500);
    await vi.advanceTimersByTimeAsync(1500);
    expect(await slow).toMatchObject({
      exitCode: -1,
      output: 'Health check exceeded timeout (1.5s)',
    });
    expect(runtime.calls).toEqual(['start c3', 'exec c3 fast', 'exec c3 slow']);
  });
});
