/**
 * Starting, stopping and asking after the background daemon
 * (`tscompose engine start|stop|status`, and the CLI's embedded default). The
 * daemon itself is `tscompose engine serve`; it writes its pid file and
 * removes it on a clean exit. Stopping the daemon leaves containers running:
 * their monitors outlive it, and the next start recovers them.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname } from 'node:path';
import type { EnginePaths } from './paths.js';

/** GET /_ping on the socket: true when the daemon answers OK within `timeoutMs`. */
export function pingEngine(socket: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && body === 'OK'));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The pid in the pid file when that process is alive and is a tscompose engine. */
export async function runningPid(paths: EnginePaths): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(paths.pidFile, 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    // A recycled pid must not be taken for ours: check the command line too.
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.includes('engine') && cmdline.includes('serve') ? pid : undefined;
  } catch {
    return undefined;
  }
}

export type EngineStatus =
  | { readonly state: 'running'; readonly pid: number | undefined; readonly socket: string }
  | { readonly state: 'unresponsive'; readonly pid: number; readonly socket: string }
  | { readonly state: 'stopped'; readonly socket: string };

export async function engineStatus(paths: EnginePaths): Promise<EngineStatus> {
  const pid = await runningPid(paths);
  if (await pingEngine(paths.socket)) return { state: 'running', pid, socket: paths.socket };
  if (pid !== undefined) return { state: 'unresponsive', pid, socket: paths.socket };
  return { state: 'stopped', socket: paths.socket };
}

async function tail(file: string, lines: number): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `serve` in the background (detached, output appended to the log) and
 * waits until it answers; an engine already answering is left as it is.
 * `command` is how to run tscompose: `[process.execPath, bin]`.
 */
export async function startEngine(
  paths: EnginePaths,
  command: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ started: boolean; pid: number | undefined }> {
  if (await pingEngine(paths.socket)) return { started: false, pid: await runningPid(paths) };
  mkdirSync(dirname(paths.logFile), { recursive: true, mode: 0o711 });
  const log = openSync(paths.logFile, 'a');
  const [executable, ...args] = command;
  const child = spawn(executable!, [...args, 'engine', 'serve'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...(options.env ?? process.env),
      TSCOMPOSE_ENGINE_SOCKET: paths.socket,
      TSCOMPOSE_ENGINE_ROOT: paths.root,
    },
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(
        `The built-in engine exited (code ${exited}) while starting. Last lines of ${paths.logFile}:\n${await tail(paths.logFile, 15)}`,
      );
    }
    if (await pingEngine(paths.socket, 500)) return { started: true, pid: child.pid };
    await sleep(50);
  }
  throw new Error(
    `The built-in engine did not answer on ${paths.socket} within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s. Last lines of ${paths.logFile}:\n${await tail(paths.logFile, 15)}`,
  );
}

/** SIGTERM to the daemon, then waits for it to exit (SIGKILL after `timeoutMs`). Containers keep running. */
export async function stopEngine(
  paths: EnginePaths,
  options: { timeoutMs?: number } = {},
): Promise<{ stopped: boolean; pid?: number }> {
  const pid = await runningPid(paths);
  if (pid === undefined) return { stopped: false };
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if ((await runningPid(paths)) === undefined) return { stopped: true, pid };
    await sleep(50);
  }
  process.kill(pid, 'SIGKILL');
  return { stopped: true, pid };
}
