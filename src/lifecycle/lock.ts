/**
 * The project lock: keeps two tscompose processes (or two library calls in one
 * process) from converging the same project on the same engine at once, since
 * both would observe the same state and create the same containers.
 *
 * One file per (engine endpoint, project name), created with O_EXCL, holding
 * the holder's PID and process start time. A waiter polls until the file is
 * gone. A dead holder never blocks: when its PID is not alive, or is alive but
 * started at another time (the PID was reused), the file is taken over.
 * See docs/library.md ("Project lock").
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the lock file holds. */
export interface LockHolder {
  readonly pid: number;
  /** Start time of the process (/proc/<pid>/stat field 22), when the platform has it. */
  readonly startTime?: string;
  readonly project: string;
  readonly endpoint: string;
}

export interface ProjectLockOptions {
  /** Directory of lock files; default `defaultLockDir()`. */
  readonly dir?: string;
  /** Called once when another holder makes this call wait. */
  readonly onWait?: (holder: LockHolder, message: string) => void;
  /** Between two looks at the lock file; default 100 ms. */
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Whether a process with this PID exists; default `process.kill(pid, 0)`. */
  readonly isAlive?: (pid: number) => boolean;
  /** Start time of a process, undefined when unknown; default reads /proc. */
  readonly startTimeOf?: (pid: number) => string | undefined;
  /** Aborting gives up waiting (rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

export interface ProjectLock {
  readonly path: string;
  /** Removes the lock file; a second call does nothing. */
  release(): void;
}

/** `$XDG_RUNTIME_DIR/tscompose/locks`, else `<tmpdir>/tscompose-<uid>/locks`. */
export function defaultLockDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'tscompose', 'locks');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `tscompose-${uid}`, 'locks');
}

/** File name for the key: a hash, since endpoints hold characters file names cannot. */
export function lockFileName(endpoint: string, project: string): string {
  const digest = createHash('sha256').update(`${endpoint}\n${project}`).digest('hex');
  return `${digest.slice(0, 32)}.lock`;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may contain spaces). */
export function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const held = new Set<string>();
let exitHookInstalled = false;

/** Locks still held when the process exits (even through `process.exit`) are removed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of held) removeQuietly(path);
  });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

function readHolder(path: string): { text: string; holder?: LockHolder } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { text, holder: JSON.parse(text) as LockHolder };
  } catch {
    // Half-written by a holder that is creating it right now, or garbage: look again later.
    return { text };
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the lock for `project` on `endpoint`, waiting while a live holder has it.
 * Release it in `finally` (or use `withProjectLock`).
 */
export async function acquireProjectLock(
  endpoint: string,
  project: string,
  options: ProjectLockOptions = {},
): Promise<ProjectLock> {
  const dir = options.dir ?? defaultLockDir();
  const isAlive = options.isAlive ?? pidAlive;
  const startTimeOf = options.startTimeOf ?? procStartTime;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const startTime = startTimeOf(process.pid);
  const me: LockHolder = {
    pid: process.pid,
    ...(startTime !== undefined ? { startTime } : {}),
    project,
    endpoint,
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, lockFileName(endpoint, project));
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (tryCreate(path, me)) break;
    const current = readHolder(path);
    if (current?.holder !== undefined && isDead(current.holder, isAlive, startTimeOf)) {
      // Remove only what we judged dead: another waiter may have replaced it meanwhile.
      if (readHolder(path)?.text === current.text) removeQuietly(path);
      continue;
    }
    if (!announced && current?.holder !== undefined) {
      announced = true;
      const { pid } = current.holder;
      options.onWait?.(
        current.holder,
        `waiting for another tscompose (pid ${pid}) converging project ${project}`,
      );
    }
    await sleep(options.pollMs ?? 100);
  }
  held.add(path);
  installExitHook();
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      held.delete(path);
      removeQuietly(path);
    },
  };
}

function isDead(
  holder: LockHolder,
  isAlive: (pid: number) => boolean,
  startTimeOf: (pid: number) => string | undefined,
): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return true;
  if (!isAlive(holder.pid)) return true;
  if (holder.startTime === undefined) return false;
  const now = startTimeOf(holder.pid);
  return now !== undefined && now !== holder.startTime;
}

/** Runs `fn` holding the project lock; released however `fn` ends. */
export async function withProjectLock<T>(
  endpoint: string,
  project: string,
  options: ProjectLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = await acquireProjectLock(endpoint, project, options);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
