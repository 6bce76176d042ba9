/**
 * The files conmon (the per-container monitor) leaves in the bundle
 * directory, and reading the exit it records. conmon writes the exit status
 * to `monitor/exit` (atomically, after draining the container's output into
 * the log) and touches `monitor/oom` when the memory cgroup reported an OOM
 * kill; both outlive the daemon, so an exit that happened while nobody
 * watched is read the same way as one that happens now.
 */
import { constants, watch } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExitInfo } from '../ports.js';
import { formatTimestamp } from './k8s-log.js';

export interface MonitorPaths {
  readonly config: string;
  /** conmon's --persist-dir (exit, oom) and --exit-dir (a file named by the container id). */
  readonly dir: string;
  readonly exitFile: string;
  readonly exitDirFile: string;
  readonly oomFile: string;
  readonly conmonPidFile: string;
  /** What conmon itself printed while starting (read when it fails). */
  readonly conmonOutput: string;
  readonly containerPidFile: string;
  /** Write `1 <height> <width>\n` to resize a TTY container. */
  readonly ctl: string;
  readonly winsz: string;
  readonly attach: string;
}

export function monitorPaths(bundleDir: string, id: string): MonitorPaths {
  const dir = join(bundleDir, 'monitor');
  return {
    config: join(bundleDir, 'config.json'),
    dir,
    exitFile: join(dir, 'exit'),
    exitDirFile: join(dir, id),
    oomFile: join(dir, 'oom'),
    conmonPidFile: join(bundleDir, 'conmon.pid'),
    conmonOutput: join(bundleDir, 'conmon.out'),
    containerPidFile: join(bundleDir, 'pidfile'),
    ctl: join(bundleDir, 'ctl'),
    winsz: join(bundleDir, 'winsz'),
    attach: join(bundleDir, 'attach'),
  };
}

/** Exit status conmon reports when it could not tell (it writes -1), and ours when conmon vanished. */
export const UNKNOWN_EXIT = 255;

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The recorded exit, or undefined while the container runs (or was never started). */
export async function readExit(paths: MonitorPaths): Promise<ExitInfo | undefined> {
  let text: string;
  let mtimeNs: bigint;
  try {
    text = await readFile(paths.exitFile, 'utf8');
    mtimeNs = (await stat(paths.exitFile, { bigint: true })).mtimeNs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const code = Number.parseInt(text.trim(), 10);
  return {
    exitCode: Number.isInteger(code) && code >= 0 ? code : UNKNOWN_EXIT,
    finishedAt: formatTimestamp(mtimeNs),
    oomKilled: await exists(paths.oomFile),
  };
}

export async function readPid(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Alive and still a conmon: a recycled pid must not count. */
export async function conmonAlive(paths: MonitorPaths): Promise<boolean> {
  const pid = await readPid(paths.conmonPidFile);
  if (pid === undefined) return false;
  return isLiveProcess(pid, 'conmon');
}

/**
 * `pid` runs and is named `name`. A zombie counts as gone: conmon's parent is
 * whatever reaps orphans (PID 1, which on some hosts reaps only every ~2 s).
 */
export async function isLiveProcess(pid: number, name: string): Promise<boolean> {
  // /proc/PID/stat: "pid (comm) state …"; comm may contain spaces and parentheses.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return false;
  const state = stat.slice(close + 2, close + 3);
  return stat.slice(open + 1, close) === name && state !== 'Z' && state !== 'X';
}

/**
 * The exit as recorded, or — when conmon is gone without recording one
 * (killed, machine rebooted) — an unknown exit stamped now.
 */
export async function exitNow(paths: MonitorPaths): Promise<ExitInfo | undefined> {
  const recorded = await readExit(paths);
  if (recorded) return recorded;
  if (await conmonAlive(paths)) return undefined;
  // conmon writes the file and then exits: look once more before calling it lost.
  return (
    (await readExit(paths)) ?? {
      exitCode: UNKNOWN_EXIT,
      finishedAt: formatTimestamp(BigInt(Date.now()) * 1_000_000n),
      oomKilled: false,
    }
  );
}

/** How often a container whose monitor directory is watched is also looked at (conmon killed). */
export const WATCHED_POLL_MS = 5000;
/** How often it is looked at while its directory cannot be watched (not made yet, no inotify). */
const UNWATCHED_POLL_MS = 500;

/**
 * Resolves with the exit: at once if recorded, else when conmon records it.
 * The monitor directory is watched for the whole wait (conmon renames the exit
 * file into it), and looked at every `pollMs` besides, which only matters
 * when conmon dies without writing one: every running container waits here,
 * so a short poll would have the daemon reading files all the time.
 */
export async function waitForExit(
  paths: MonitorPaths,
  pollMs = WATCHED_POLL_MS,
): Promise<ExitInfo> {
  let wake: () => void = () => undefined;
  // An object, not a variable: the watch callback sets it between awaits.
  const seen = { change: false };
  const onChange = (): void => {
    seen.change = true;
    wake();
  };
  let watcher: ReturnType<typeof watch> | undefined;
  const startWatching = (): void => {
    try {
      watcher = watch(paths.dir, { persistent: false }, onChange);
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
        onChange();
      });
    } catch {
      watcher = undefined; // no monitor dir yet, or no inotify: the poll covers it
    }
  };
  try {
    for (;;) {
      if (!watcher) startWatching();
      seen.change = false;
      const exit = await exitNow(paths);
      if (exit) return exit;
      // A change while we looked: look again before sleeping.
      if (seen.change) continue;
      const delay = watcher ? pollMs : Math.min(pollMs, UNWATCHED_POLL_MS);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  } finally {
    watcher?.close();
  }
}

/** Everything conmon and the driver put in the bundle dir (the dir itself stays). */
export async function removeMonitorFiles(paths: MonitorPaths): Promise<void> {
  await Promise.all(
    [
      paths.dir,
      paths.conmonPidFile,
      paths.conmonOutput,
      paths.containerPidFile,
      paths.ctl,
      paths.winsz,
      paths.attach,
      paths.config,
    ].map((path) => rm(path, { recursive: true, force: true })),
  );
}

/**
 * Tells conmon a TTY container's new window size through its control fifo;
 * false when conmon is gone (no reader: the open is non-blocking, as a
 * blocking one would hang).
 */
export async function writeWindowSize(
  paths: MonitorPaths,
  size: { height: number; width: number },
): Promise<boolean> {
  const fifo = await open(paths.ctl, constants.O_WRONLY | constants.O_NONBLOCK).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENXIO' || error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (!fifo) return false;
  try {
    await fifo.write(`1 ${Math.trunc(size.height)} ${Math.trunc(size.width)}\n`);
  } finally {
    await fifo.close();
  }
  return true;
}
