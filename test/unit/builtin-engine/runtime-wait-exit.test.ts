/**
 * waitForExit (runtime/monitor.ts): every running container waits there, so
 * it must rely on the watch of the monitor directory and poll rarely, yet
 * still notice a conmon that died without writing an exit file, and a monitor
 * directory that appears only after the wait began.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { monitorPaths, waitForExit } from '../../../src/builtin-engine/runtime/monitor.js';

let dir: string;
let monitor: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-wait-exit-'));
});

afterEach(async () => {
  monitor?.kill('SIGKILL');
  monitor = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** sleep(1) copied under the name conmon, its pid in the bundle's conmon.pid. */
async function fakeConmon(paths: ReturnType<typeof monitorPaths>): Promise<ChildProcess> {
  const fake = join(dir, 'conmon');
  await copyFile('/bin/sleep', fake);
  await chmod(fake, 0o755);
  const child = spawn(fake, ['30'], { stdio: 'ignore' });
  await writeFile(paths.conmonPidFile, String(child.pid));
  await sleep(50);
  return child;
}

async function writeExit(paths: ReturnType<typeof monitorPaths>, code: string): Promise<void> {
  await writeFile(join(paths.dir, '.exit.tmp'), code);
  await rename(join(paths.dir, '.exit.tmp'), paths.exitFile);
}

it('notices a conmon that died without an exit file at the next poll', async () => {
  const paths = monitorPaths(dir, 'c1');
  await mkdir(paths.dir);
  monitor = await fakeConmon(paths);
  const began = Date.now();
  const waiting = waitForExit(paths, 300);
  await sleep(100);
  monitor.kill('SIGKILL');
  const exit = await waiting;
  expect(exit.exitCode).toBe(255);
  expect(Date.now() - began).toBeGreaterThanOrEqual(250); // found by the poll, not at once
  expect(Date.now() - began).toBeLessThan(2000);
});

it('does not poll often while the directory is watched', async () => {
  const paths = monitorPaths(dir, 'c2');
  await mkdir(paths.dir);
  monitor = await fakeConmon(paths);
  let resolved = false;
  const waiting = waitForExit(paths).then((exit) => {
    resolved = true;
    return exit;
  });
  await sleep(50);
  monitor.kill('SIGKILL');
  await sleep(1200);
  // conmon is gone, but nothing changed in the directory: the 5 s poll has not come yet.
  expect(resolved).toBe(false);
  await writeExit(paths, '0');
  expect((await waiting).exitCode).toBe(0);
});

it('starts watching once the monitor directory appears', async () => {
  const paths = monitorPaths(dir, 'c3');
  monitor = await fakeConmon(paths);
  const waiting = waitForExit(paths);
  await sleep(100);
  await mkdir(paths.dir);
  await sleep(700); // the unwatched poll (500 ms) found the directory and watches it now
  const began = Date.now();
  await writeExit(paths, '4');
  expect((await waiting).exitCode).toBe(4);
  expect(Date.now() - began).toBeLessThan(400);
});
