// One timed command: wall time around the process, and its peak RSS from GNU time's %M
// (the maximum resident set of the process or its largest child, in KiB).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';

const TIME = '/usr/bin/time';
const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Resolves `{ ms, rssKiB, status, stderr }`; never rejects for a failing command. */
export function measure([command, args], { cwd, env, timeoutMs = 600_000 }) {
  const rssFile = join(scratch, 'rss');
  return new Promise((resolve) => {
    const began = process.hrtime.bigint();
    const child = spawn(TIME, ['-f', '%M', '-o', rssFile, command, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - began) / 1e6;
      clearTimeout(timer);
      let rssKiB;
      try {
        rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
      } catch {
        rssKiB = undefined;
      }
      resolve({ ms, rssKiB, status, stderr });
    });
  });
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}
