/**
 * Starting a container under conmon, the per-container monitor that holds
 * its stdio, writes its output to a k8s-file log and records its exit status
 * — and keeps doing so when the daemon is down (it double-forks and calls
 * setsid, so it is nobody's child). conmon runs the runtime's `create`
 * (runc or crun), then reports the container's pid (or the runtime's
 * error) on the sync pipe, fd 3 here; the driver then runs `start`.
 * Measured: +16 ms per container over `runc run -d`, 1.9 MB per conmon.
 */
import { readFile } from 'node:fs/promises';
import { runCommand } from '../host/commands.js';
import { RuntimeError, describeFailure, runcMessage } from './errors.js';
import type { MonitorPaths } from './monitor.js';

export interface ConmonLaunch {
  readonly conmon: string;
  /** What conmon runs `create` with: the runtime (or its wrapper) and the arguments before `create`. */
  readonly runtime: { readonly path: string; readonly args: readonly string[] };
  readonly id: string;
  readonly bundleDir: string;
  readonly logPath: string;
  readonly paths: MonitorPaths;
  readonly tty: boolean;
  readonly openStdin: boolean;
  /** Close the container's stdin when the first attached client's stdin ends (`docker run -i`). */
  readonly stdinOnce: boolean;
}

/** How long conmon + `create` may take before we give up (a hung runtime). */
const CREATE_TIMEOUT_MS = 60_000;

export function conmonArgs(launch: ConmonLaunch): string[] {
  const args = [
    '--api-version',
    '1',
    '--cid',
    launch.id,
    '--cuuid',
    launch.id,
    '--name',
    launch.id,
    '--runtime',
    launch.runtime.path,
    ...launch.runtime.args.flatMap((arg) => ['--runtime-arg', arg]),
    '--bundle',
    launch.bundleDir,
    '--container-pidfile',
    launch.paths.containerPidFile,
    '--conmon-pidfile',
    launch.paths.conmonPidFile,
    '--log-path',
    `k8s-file:${launch.logPath}`,
    '--exit-dir',
    launch.paths.dir,
    '--persist-dir',
    launch.paths.dir,
    // The attach socket in the bundle dir, however long its path (conmon binds it relative to the dir).
    '--full-attach',
    '--log-level',
    'error',
  ];
  if (launch.tty) args.push('--terminal');
  if (launch.openStdin) args.push('--stdin');
  if (launch.openStdin && !launch.stdinOnce) args.push('--leave-stdin-open');
  return args;
}

/** conmon's sync message: `{"data": <pid>}`, or a negative value and the runtime's stderr. */
export function parseSyncMessage(text: string): { pid: number } | { error: string } {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let message: { data?: unknown; message?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      continue;
    }
    if (typeof message.data === 'number' && message.data > 0) return { pid: message.data };
    if (typeof message.data === 'number') {
      const why = typeof message.message === 'string' ? runcMessage(message.message.trim()) : '';
      return { error: why || `runtime exited with status ${message.data}` };
    }
  }
  return { error: `unexpected message from conmon: ${text.trim() || '(nothing)'}` };
}

/**
 * Runs conmon with the sync pipe on fd 3 and prints the pipe's first line.
 * The pipe goes to `head`, not to us: conmon keeps fd 3 after it daemonizes
 * (it writes the exit there too), and the command must end once the pid is
 * known. conmon's own chatter goes to a file for the same reason. Its
 * environment is PATH (as for every host tool, host/commands.ts) and the
 * pipe's number. As a script, the daemon's shell runs it, not a fork of the
 * daemon.
 */
const LAUNCH_SCRIPT =
  'cd "$1" || exit 125; out=$2; shift 2; ' +
  '_OCI_SYNCPIPE=3 "$@" 3>&1 >"$out" 2>&1 </dev/null | head -n 1';

/** Runs conmon (→ `create`); resolves with the container's pid once it exists, stopped before exec. */
export async function launchConmon(launch: ConmonLaunch): Promise<number> {
  const chatter = launch.paths.conmonOutput;
  let timer: NodeJS.Timeout | undefined;
  let text: string;
  try {
    const launched = runCommand(
      LAUNCH_SCRIPT,
      [launch.bundleDir, chatter, launch.conmon, ...conmonArgs(launch)],
      { script: true },
    );
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from conmon within ${CREATE_TIMEOUT_MS / 1000} s`)),
        CREATE_TIMEOUT_MS,
      );
    });
    text = (await Promise.race([launched, deadline])).stdout;
  } catch (error) {
    throw new RuntimeError(
      'start-failed',
      `could not start conmon (${launch.conmon}): ${describeFailure(error)}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
  const message = parseSyncMessage(text);
  if ('pid' in message) return message.pid;
  const conmonSaid = (await readFile(chatter, 'utf8').catch(() => '')).trim();
  throw new RuntimeError(
    'start-failed',
    `${message.error}${conmonSaid && !text.trim() ? ` (conmon: ${conmonSaid})` : ''}`,
  );
}
