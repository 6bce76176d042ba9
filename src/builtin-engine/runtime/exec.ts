/**
 * `docker exec` through the runtime's `exec` (runc or crun). The process
 * spec starts from the container's own (user, capabilities, environment,
 * cwd, rlimits) with the request's settings on top, Docker's way. Without
 * a TTY, the runtime copies between our pipes and the process's. With a
 * TTY, a detached runtime would hand the container pty's master over a
 * console socket, which Node cannot receive (no SCM_RIGHTS); a foreground
 * `exec` with `terminal: true` receives it itself and relays it to its own
 * terminal — so util-linux `script` gives the runtime a terminal, and our
 * pipes talk to `script`. Resizing: runc copies its terminal's size to the
 * container's on SIGWINCH, which the kernel sends when `stty -F` resizes
 * runc's terminal; crun copies the size once at start only, so for crun
 * the process's own terminal (its fd 0, the pty's other end) is resized.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { ExecHandle, ExecRequest } from '../ports.js';
import { RuntimeError, runcMessage } from './errors.js';
import { readPid } from './monitor.js';
import type { OciProcess } from './oci-spec.js';
import { OutputQueue } from './output-queue.js';
import type { ResolvedUser } from './user.js';

const run = promisify(execFile);

/** `A=1` pairs: later keys replace earlier ones in place, new ones are appended. */
export function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const keyOf = (entry: string): string => entry.split('=', 1)[0] ?? entry;
  const merged = [...base];
  for (const entry of overrides) {
    const index = merged.findIndex((existing) => keyOf(existing) === keyOf(entry));
    if (index >= 0) merged[index] = entry;
    else merged.push(entry);
  }
  return merged;
}

/** The exec'd process: the container's process with the request applied. */
export function execProcess(
  container: OciProcess,
  request: ExecRequest,
  user: ResolvedUser | undefined,
  allCapabilities: readonly string[],
): OciProcess {
  const env = mergeEnv(container.env, request.env);
  if (request.tty && !env.some((entry) => entry.startsWith('TERM='))) env.push('TERM=xterm');
  const caps = request.privileged ? [...allCapabilities] : container.capabilities.bounding;
  return {
    terminal: request.tty,
    user: user
      ? {
          uid: user.uid,
          gid: user.gid,
          ...(user.additionalGids.length > 0 ? { additionalGids: [...user.additionalGids] } : {}),
        }
      : container.user,
    args: [...request.args],
    env,
    cwd: request.cwd && request.cwd !== '' ? request.cwd : container.cwd,
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    rlimits: container.rlimits,
    noNewPrivileges: false,
  };
}

/** A word for `sh -c`, quoted so nothing in it is interpreted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface ExecLaunch {
  /** runc or crun, for messages. */
  readonly runtime: string;
  readonly binary: string;
  readonly globalArgs: readonly string[];
  /** Whose terminal a resize goes to (see above). */
  readonly resize: 'runtime-terminal' | 'process-terminal';
  readonly id: string;
  readonly bundleDir: string;
  readonly process: OciProcess;
  readonly tty: boolean;
  readonly stdin: boolean;
}

/** How long the runtime may take to start the process before exec gives up. */
const START_TIMEOUT_MS = 30_000;

export async function startExec(launch: ExecLaunch): Promise<ExecHandle> {
  const tag = randomBytes(6).toString('hex');
  const processFile = join(launch.bundleDir, `exec-${tag}.json`);
  const pidFile = join(launch.bundleDir, `exec-${tag}.pid`);
  await writeFile(processFile, JSON.stringify(launch.process));
  const runtimeArgs = [
    ...launch.globalArgs,
    'exec',
    '--process',
    processFile,
    '--pid-file',
    pidFile,
    launch.id,
  ];
  const [command, args] = launch.tty
    ? [
        'script',
        [
          '--quiet',
          '--return',
          '--echo',
          'always',
          '--command',
          ['exec', launch.binary, ...runtimeArgs].map(shellQuote).join(' '),
          '/dev/null',
        ],
      ]
    : [launch.binary, runtimeArgs];
  const child = spawn(command, args, {
    stdio: [launch.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', SHELL: '/bin/sh' },
  });
  const output = new OutputQueue();
  let stderrText = '';
  child.stderr?.on('data', (data: Buffer) => {
    if (stderrText.length < 8192) stderrText += data.toString('utf8');
  });
  if (child.stdout) output.add(child.stdout, 'stdout');
  if (child.stderr) output.add(child.stderr, 'stderr');
  child.stdin?.on('error', () => undefined); // the process may exit without reading
  const exit = new Promise<number>((resolve) => {
    child.on('error', () => resolve(126));
    child.on('close', (code, signal) =>
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 255)),
    );
  });
  let exited = false;
  void exit.then(() => (exited = true));

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let pid: number | undefined;
    while ((pid = await readPid(pidFile)) === undefined) {
      if (exited) {
        const code = await exit;
        throw new RuntimeError(
          'start-failed',
          `exec failed: ${runcMessage(stderrText.trim()) || `${launch.runtime} exited with ${code}`}`,
        );
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new RuntimeError(
          'start-failed',
          `exec failed: ${launch.runtime} did not start the process`,
        );
      }
      await sleep(3);
    }
    const execPid = pid;
    return {
      pid: execPid,
      ...(child.stdin ? { stdin: child.stdin } : {}),
      output,
      exit,
      resize: async (size) => {
        if (!launch.tty || exited) return;
        const tty =
          launch.resize === 'runtime-terminal'
            ? await runtimeTerminal(child.pid)
            : await processTerminal(execPid);
        if (tty === undefined) return;
        await run('stty', ['-F', tty, 'rows', String(size.height), 'cols', String(size.width)]);
      },
    };
  } finally {
    await rm(processFile, { force: true });
    await rm(pidFile, { force: true });
  }
}

/** The terminal `script` gave the runtime: stdin of script's (only) child. */
async function runtimeTerminal(scriptPid: number | undefined): Promise<string | undefined> {
  if (scriptPid === undefined) return undefined;
  const children = await readFile(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').catch(
    () => '',
  );
  const runtimePid = children.trim().split(/\s+/)[0];
  if (!runtimePid) return undefined;
  const tty = await readlink(`/proc/${runtimePid}/fd/0`).catch(() => '');
  return tty.startsWith('/dev/pts/') ? tty : undefined;
}

/**
 * The exec'd process's terminal, opened through /proc: its /dev/pts/N is
 * in the container's own devpts, which the host's /dev/pts is not.
 */
async function processTerminal(pid: number): Promise<string | undefined> {
  const tty = await readlink(`/proc/${pid}/fd/0`).catch(() => '');
  return tty.startsWith('/dev/pts/') ? `/proc/${pid}/fd/0` : undefined;
}
