import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCrunStatus, crunPausedCheck } from '../../../src/builtin-engine/runtime/crun.js';
import { parseRuncState } from '../../../src/builtin-engine/runtime/runc.js';
import {
  SAFE_ID,
  stateFromFiles,
  statAlive,
  type PausedCheck,
  type SavedState,
} from '../../../src/builtin-engine/runtime/state-files.js';

/** What crun 1.8.1 wrote for a container (`<root>/<id>/status`). */
const crunStatus = {
  pid: 16924,
  'process-start-time': 2580482,
  'cgroup-path': '/tscompose/c1',
  scope: '',
  rootfs: 'rootfs',
  'systemd-cgroup': false,
  bundle: '/tmp/b',
  created: '2026-11-22T18:40:19.174229Z',
  owner: 'root',
  detached: true,
  external_descriptors: '["/dev/null","/dev/null","/dev/null"]',
};

/** The parts of runc 1.1's state.json the driver reads, among many others. */
const runcState = {
  id: 'c1',
  init_process_pid: 4242,
  init_process_start: 99,
  created: '2026-11-22T18:40:19Z',
  config: { rootfs: '/merged', labels: ['bundle=/bundles/c1'], cgroups: {} },
  cgroup_paths: { freezer: '/sys/fs/cgroup/freezer/tscompose/c1', memory: '/x' },
};

describe('crun status file', () => {
  it('reads pid, start time, bundle and a rootfs made absolute against the bundle', () => {
    const saved = parseCrunStatus(JSON.stringify(crunStatus), 'hybrid');
    expect(saved).toMatchObject({
      pid: 16924,
      startTime: 2580482,
      bundle: '/tmp/b',
      rootfs: '/tmp/b/rootfs',
    });
    expect(
      parseCrunStatus(JSON.stringify({ ...crunStatus, rootfs: '/abs/root' }), 'legacy'),
    ).toMatchObject({ rootfs: '/abs/root' });
  });

  it('checks the start time only when crun recorded one', () => {
    const { 'process-start-time': _, ...without } = crunStatus;
    expect(parseCrunStatus(JSON.stringify(without), 'legacy')?.startTime).toBeUndefined();
    expect(
      parseCrunStatus(JSON.stringify({ ...crunStatus, 'process-start-time': 0 }), 'legacy')
        ?.startTime,
    ).toBeUndefined();
  });

  it('finds the freezer of the cgroup path per cgroup mode', () => {
    for (const mode of ['legacy', 'hybrid'] as const) {
      const check = crunPausedCheck('/tscompose/c1', mode);
      expect(check).toMatchObject({
        file: '/sys/fs/cgroup/freezer/tscompose/c1/freezer.state',
        whenMissing: 'stopped',
      });
      if (typeof check === 'string') throw new Error('expected a file check');
      expect(check.frozen('FROZEN\n')).toBe(true);
      expect(check.frozen('THAWED\n')).toBe(false);
      expect(check.frozen('FREEZING\n')).toBe(false);
    }
    const unified = crunPausedCheck('/tscompose/c1', 'unified');
    expect(unified).toMatchObject({ file: '/sys/fs/cgroup/tscompose/c1/cgroup.freeze' });
    if (typeof unified === 'string') throw new Error('expected a file check');
    expect(unified.frozen('1\n')).toBe(true);
    expect(unified.frozen('0\n')).toBe(false);
    expect(crunPausedCheck('', 'hybrid')).toBe('never');
    expect(crunPausedCheck('/x', undefined)).toBe('unknown');
    expect(
      parseCrunStatus(JSON.stringify({ ...crunStatus, 'cgroup-path': '' }), 'legacy'),
    ).toMatchObject({ paused: 'never' });
  });

  it('refuses what it cannot trust (the caller then asks crun)', () => {
    for (const bad of [
      'not json',
      'null',
      '42',
      JSON.stringify({ ...crunStatus, pid: '1' }),
      JSON.stringify({ ...crunStatus, pid: 0 }),
      JSON.stringify({ ...crunStatus, bundle: 'relative' }),
      JSON.stringify({ ...crunStatus, bundle: undefined }),
      JSON.stringify({ ...crunStatus, rootfs: 5 }),
      JSON.stringify({ ...crunStatus, 'cgroup-path': 5 }),
    ]) {
      expect(parseCrunStatus(bad, 'legacy'), bad).toBeUndefined();
    }
  });
});

describe('runc state file', () => {
  it('reads pid, start time, bundle label, rootfs and the freezer path', () => {
    const saved = parseRuncState(JSON.stringify(runcState));
    expect(saved).toMatchObject({
      pid: 4242,
      startTime: 99,
      bundle: '/bundles/c1',
      rootfs: '/merged',
      paused: { file: '/sys/fs/cgroup/freezer/tscompose/c1/freezer.state', whenMissing: 'unknown' },
    });
    const paused = saved?.paused as Exclude<PausedCheck, string>;
    expect(paused.frozen('THAWED\n')).toBe(false);
    expect(paused.frozen('FROZEN\n')).toBe(true);
    expect(paused.frozen('FREEZING\n')).toBe(true);
  });

  it('has no freezer to read on a cgroup2 host: unknown, so runc is asked', () => {
    const v2 = { ...runcState, cgroup_paths: { '': '/sys/fs/cgroup/tscompose/c1' } };
    expect(parseRuncState(JSON.stringify(v2))?.paused).toBe('unknown');
  });

  it('refuses what it cannot trust', () => {
    for (const bad of [
      '{',
      'null',
      JSON.stringify({ ...runcState, init_process_pid: undefined }),
      JSON.stringify({ ...runcState, config: { rootfs: '/r', labels: ['other=1'] } }),
      JSON.stringify({ ...runcState, config: { rootfs: '/r', labels: 'bundle=/b' } }),
      JSON.stringify({ ...runcState, config: { labels: ['bundle=/b'] } }),
    ]) {
      expect(parseRuncState(bad), bad).toBeUndefined();
    }
  });
});

describe('/proc/PID/stat', () => {
  const stat = (state: string, start: number) =>
    `123 (a (weird) name) ${state} 1 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 ${start} 1000 10`;

  it('is alive when running or sleeping with the recorded start time', () => {
    expect(statAlive(stat('S', 555), 555)).toBe(true);
    expect(statAlive(stat('R', 555), undefined)).toBe(true);
    expect(statAlive(stat('S', 556), 555)).toBe(false);
    expect(statAlive(stat('Z', 555), 555)).toBe(false);
    expect(statAlive(stat('X', 555), undefined)).toBe(false);
  });
});

describe('status from a runtime’s state files', () => {
  let dir: string;
  let child: ReturnType<typeof spawn> | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscompose-runtime-state-'));
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** A live process of ours and its start time, standing in for a container's init. */
  async function liveProcess(): Promise<{ pid: number; start: number }> {
    child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid ?? 0;
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    const start = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
    return { pid, start };
  }

  const saved = (pid: number, startTime: number, paused: PausedCheck): SavedState => ({
    pid,
    startTime,
    bundle: '/b',
    rootfs: '/b/rootfs',
    paused,
  });

  async function statusOf(parsed: SavedState | undefined, files: Record<string, string> = {}) {
    await mkdir(join(dir, 'c1'), { recursive: true });
    await writeFile(join(dir, 'c1', 'status'), 'x');
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    return stateFromFiles(join(dir, 'c1'), 'c1', 'status', () => parsed);
  }

  it('no state file: no such container; an unreadable one: unknown', async () => {
    expect(await stateFromFiles(join(dir, 'none'), 'none', 'status', () => undefined)).toBe(
      undefined,
    );
    expect(await statusOf(undefined)).toBe('unknown');
  });

  it('stopped, created, paused, running — and what a missing freezer file means', async () => {
    const { pid, start } = await liveProcess();
    const freezer = join(dir, 'freezer.state');
    const check = (whenMissing: 'stopped' | 'unknown'): PausedCheck => ({
      file: freezer,
      frozen: (content) => content.includes('FROZEN'),
      whenMissing,
    });
    expect(await statusOf(saved(pid, start + 1, check('stopped')))).toMatchObject({
      status: 'stopped',
      pid,
      bundle: '/b',
      rootfs: '/b/rootfs',
    });
    expect(await statusOf(saved(pid, start, check('stopped')))).toMatchObject({
      status: 'stopped',
    });
    expect(await statusOf(saved(pid, start, check('unknown')))).toBe('unknown');
    expect(await statusOf(saved(pid, start, 'unknown'))).toBe('unknown');
    expect(await statusOf(saved(pid, start, 'never'))).toMatchObject({ status: 'running' });
    await writeFile(freezer, 'FROZEN\n');
    expect(await statusOf(saved(pid, start, check('stopped')))).toMatchObject({
      status: 'paused',
    });
    await writeFile(freezer, 'THAWED\n');
    expect(await statusOf(saved(pid, start, check('stopped')))).toMatchObject({
      status: 'running',
    });
    await writeFile(join(dir, 'c1', 'exec.fifo'), '');
    expect(await statusOf(saved(pid, start, check('stopped')))).toMatchObject({
      status: 'created',
    });
  });

  it('takes only ids that are plain directory names', () => {
    expect(SAFE_ID.test('a'.repeat(64))).toBe(true);
    expect(SAFE_ID.test('web-1.x_y')).toBe(true);
    for (const bad of ['', '.', '..', '../x', 'a/b', '-a'])
      expect(SAFE_ID.test(bad), bad).toBe(false);
  });
});
