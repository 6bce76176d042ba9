import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError, onInterrupt } from '../../../src/lifecycle/interrupt.js';
import {
  acquireProjectLock,
  defaultLockDir,
  lockFileName,
  procStartTime,
  withProjectLock,
  type LockHolder,
} from '../../../src/lifecycle/lock.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function lockDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tscompose-lock-'));
  dirs.push(dir);
  return dir;
}

const endpoint = 'unix:///var/run/docker.sock';

describe('project lock', () => {
  it('creates a file holding pid and start time, removed on release', async () => {
    const dir = lockDir();
    const lock = await acquireProjectLock(endpoint, 'demo', { dir });
    expect(lock.path).toBe(join(dir, lockFileName(endpoint, 'demo')));
    const holder = JSON.parse(readFileSync(lock.path, 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, project: 'demo', endpoint });
    if (existsSync('/proc/self/stat')) expect(holder.startTime).toBe(procStartTime(process.pid));
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('keys by endpoint and project', () => {
    expect(lockFileName(endpoint, 'a')).not.toBe(lockFileName(endpoint, 'b'));
    expect(lockFileName(endpoint, 'a')).not.toBe(lockFileName('tcp://h:2375', 'a'));
  });

  it('a second caller waits, says so once, and proceeds when the first releases', async () => {
    const dir = lockDir();
    const first = await acquireProjectLock(endpoint, 'demo', { dir });
    const messages: string[] = [];
    let polls = 0;
    const second = acquireProjectLock(endpoint, 'demo', {
      dir,
      onWait: (_holder, message) => messages.push(message),
      sleep: async () => {
        polls++;
        if (polls === 3) first.release();
      },
    });
    const lock = await second;
    expect(polls).toBe(3);
    expect(messages).toEqual([
      `waiting for another tscompose (pid ${process.pid}) converging project demo`,
    ]);
    lock.release();
  });

  it('withProjectLock serialises two calls in one process', async () => {
    const dir = lockDir();
    const order: string[] = [];
    const task = (name: string) =>
      withProjectLock(endpoint, 'demo', { dir, pollMs: 5 }, async () => {
        order.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name}:end`);
      });
    await Promise.all([task('a'), task('b')]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('releases when the function throws', async () => {
    const dir = lockDir();
    await expect(
      withProjectLock(endpoint, 'demo', { dir }, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, lockFileName(endpoint, 'demo')))).toBe(false);
  });

  it('takes over the lock of a dead holder without waiting', async () => {
    const dir = lockDir();
    const path = join(dir, lockFileName(endpoint, 'demo'));
    writeFileSync(path, JSON.stringify({ pid: 999_999, project: 'demo', endpoint }));
    const waits: string[] = [];
    const lock = await acquireProjectLock(endpoint, 'demo', {
      dir,
      isAlive: (pid) => pid !== 999_999,
      onWait: (_h, message) => waits.push(message),
      sleep: () => Promise.reject(new Error('must not wait')),
    });
    expect(waits).toEqual([]);
    expect((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a stale file whose PID was reused by another process', async () => {
    const dir = lockDir();
    const path = join(dir, lockFileName(endpoint, 'demo'));
    writeFileSync(path, JSON.stringify({ pid: 4242, startTime: '100', project: 'demo', endpoint }));
    const lock = await acquireProjectLock(endpoint, 'demo', {
      dir,
      isAlive: () => true,
      startTimeOf: (pid) => (pid === 4242 ? '555' : '1'),
      sleep: () => Promise.reject(new Error('must not wait')),
    });
    expect((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).startTime).toBe('1');
    lock.release();
  });

  it('waits for a live holder with the same start time', async () => {
    const dir = lockDir();
    const path = join(dir, lockFileName(endpoint, 'demo'));
    writeFileSync(path, JSON.stringify({ pid: 4242, startTime: '100', project: 'demo', endpoint }));
    let polls = 0;
    const lock = await acquireProjectLock(endpoint, 'demo', {
      dir,
      isAlive: () => true,
      startTimeOf: (pid) => (pid === 4242 ? '100' : '1'),
      sleep: async () => {
        if (++polls === 2) rmSync(path);
      },
    });
    expect(polls).toBe(2);
    lock.release();
  });

  it('gives up waiting on Ctrl-C with the InterruptedError the CLI turns into exit 130', async () => {
    const dir = lockDir();
    const first = await acquireProjectLock(endpoint, 'demo', { dir });
    const exits: number[] = [];
    const interrupt = onInterrupt(
      () => undefined,
      (code) => {
        exits.push(code);
        throw new Error('exit');
      },
    );
    try {
      const waiting = acquireProjectLock(endpoint, 'demo', {
        dir,
        signal: interrupt.signal,
        sleep: async () => void process.emit('SIGINT'),
      });
      const failure = await waiting.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(InterruptedError);
      expect((failure as InterruptedError).exitCode).toBe(130);
      expect(exits).toEqual([]);
    } finally {
      interrupt.dispose();
      first.release();
    }
  });

  it('defaults under XDG_RUNTIME_DIR, else the temp dir per user', () => {
    expect(defaultLockDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe(
      '/run/user/1000/tscompose/locks',
    );
    expect(defaultLockDir({})).toMatch(/tscompose-[^/]+\/locks$/);
  });
});
