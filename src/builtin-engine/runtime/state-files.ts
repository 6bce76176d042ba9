/**
 * A container's status computed from the OCI runtime's own state files, as
 * `runc state` and `crun state` compute it: the init process no longer
 * runs (or its pid was reused) → stopped; the exec fifo still exists →
 * created (start has not released it); the freezer says frozen → paused;
 * else running. The daemon asks before every start, kill and delete, and a
 * `state` child process per question was a fifth of the engine's spawns.
 * Each runtime has its own file format (runc.ts, crun.ts); both come down
 * to a SavedState, and anything unexpected is 'unknown' so the caller asks
 * the runtime instead.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeStatus } from '../ports.js';

/** How a runtime tells a paused container from a running one. */
export type PausedCheck =
  | {
      readonly file: string;
      readonly frozen: (content: string) => boolean;
      /** What a missing file means (crun: the cgroup is gone, so the container stopped). */
      readonly whenMissing: RuntimeStatus | 'unknown';
    }
  /** No cgroup to freeze: never paused. */
  | 'never'
  /** The state file does not say: ask the runtime. */
  | 'unknown';

/** What a runtime's state file says about a container, in one shape for both runtimes. */
export interface SavedState {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat when the init started; undefined = do not check. */
  readonly startTime: number | undefined;
  readonly bundle: string;
  /** Absolute. */
  readonly rootfs: string;
  readonly paused: PausedCheck;
}

export interface ContainerState {
  readonly id: string;
  readonly pid: number;
  readonly status: RuntimeStatus;
  readonly bundle: string;
  readonly rootfs: string;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** The process runs (not a zombie) and is the one started then (pids are reused). */
export async function processAlive(pid: number, startTime: number | undefined): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  return statAlive(stat, startTime);
}

/** The check of processAlive on the text of /proc/PID/stat. */
export function statAlive(stat: string, startTime: number | undefined): boolean {
  // Fields after the command name, which may hold spaces: state is field 3, start time 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTime === undefined || Number(fields[19]) === startTime;
}

/** Container ids the runtimes accept as a directory name under their root. */
export const SAFE_ID = /^[0-9a-zA-Z][\w.-]*$/;

/**
 * The container's state from `<stateDir>/<file>`: undefined when the runtime has no
 * such container, 'unknown' when the files do not tell (ask the runtime).
 */
export async function stateFromFiles(
  stateDir: string,
  id: string,
  file: string,
  parse: (text: string) => SavedState | undefined,
): Promise<ContainerState | undefined | 'unknown'> {
  let text: string;
  try {
    text = await readFile(join(stateDir, file), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unknown';
  }
  const saved = parse(text);
  if (!saved) return 'unknown';
  const base = { id, pid: saved.pid, bundle: saved.bundle, rootfs: saved.rootfs };
  if (!(await processAlive(saved.pid, saved.startTime))) return { ...base, status: 'stopped' };
  if (await exists(join(stateDir, 'exec.fifo'))) return { ...base, status: 'created' };
  const { paused } = saved;
  if (paused === 'unknown') return 'unknown';
  if (paused === 'never') return { ...base, status: 'running' };
  const content = await readFile(paused.file, 'utf8').catch(() => undefined);
  if (content === undefined) {
    return paused.whenMissing === 'unknown' ? 'unknown' : { ...base, status: paused.whenMissing };
  }
  return { ...base, status: paused.frozen(content) ? 'paused' : 'running' };
}
