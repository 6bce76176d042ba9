/**
 * The runc commands the driver uses, each one child process with the
 * driver's own state root (`--root`), so the containers of the built-in
 * engine never mix with Docker's or podman's.
 */
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RuntimeStatus } from '../ports.js';
import { RuntimeError, describeFailure } from './errors.js';

const run = promisify(execFile);

export interface RuncState {
  readonly id: string;
  readonly pid: number;
  readonly status: RuntimeStatus;
  readonly bundle: string;
  readonly rootfs: string;
}

/** The parts of runc's `state.json` the status is computed from. */
interface RuncStateFile {
  readonly init_process_pid?: number;
  readonly init_process_start?: number;
  readonly config?: { readonly labels?: readonly string[]; readonly rootfs?: string };
  readonly cgroup_paths?: { readonly freezer?: string };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The process runs (not a zombie) and is the one started then (pids are reused). */
async function processAlive(pid: number, startTime: number | undefined): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  // Fields after the command name, which may hold spaces: state is field 3, start time 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTime === undefined || Number(fields[19]) === startTime;
}

/** runc's wording for a container it has no state for. */
const NOT_FOUND = /does not exist|not found|no such file/i;

export class Runc {
  constructor(
    readonly binary: string,
    readonly root: string,
  ) {}

  /** The global flags every call starts with. */
  get globalArgs(): string[] {
    return ['--root', this.root];
  }

  async run(args: readonly string[]): Promise<string> {
    try {
      const { stdout } = await run(this.binary, [...this.globalArgs, ...args], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const message = describeFailure(error);
      const code = NOT_FOUND.test(message) ? 'not-found' : 'runtime-failed';
      throw new RuntimeError(code, `runc ${args[0] ?? ''}: ${message}`, { cause: error });
    }
  }

  /**
   * undefined when runc has no such container. Read from runc's own state
   * file the way `runc state` computes it (init process alive with the same
   * start time, exec fifo → created, frozen cgroup → paused): the daemon asks
   * before every start, kill and delete, and a `runc state` child process per
   * question was a fifth of the engine's spawns. Anything unexpected in the
   * file falls back to asking runc.
   */
  async state(id: string): Promise<RuncState | undefined> {
    const fromFiles = await this.stateFromFiles(id);
    if (fromFiles !== 'unknown') return fromFiles;
    try {
      return JSON.parse(await this.run(['state', id])) as RuncState;
    } catch (error) {
      if (error instanceof RuntimeError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  private async stateFromFiles(id: string): Promise<RuncState | undefined | 'unknown'> {
    if (!/^[0-9a-zA-Z][\w.-]*$/.test(id)) return 'unknown';
    const dir = join(this.root, id);
    let text: string;
    try {
      text = await readFile(join(dir, 'state.json'), 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unknown';
    }
    let saved: RuncStateFile;
    try {
      saved = JSON.parse(text) as RuncStateFile;
    } catch {
      return 'unknown';
    }
    const pid = saved.init_process_pid;
    const bundle = saved.config?.labels
      ?.find((label) => label.startsWith('bundle='))
      ?.slice('bundle='.length);
    const rootfs = saved.config?.rootfs;
    if (typeof pid !== 'number' || bundle === undefined || typeof rootfs !== 'string')
      return 'unknown';
    const base = { id, pid, bundle, rootfs };
    if (!(await processAlive(pid, saved.init_process_start))) return { ...base, status: 'stopped' };
    if (await exists(join(dir, 'exec.fifo'))) return { ...base, status: 'created' };
    const freezer = saved.cgroup_paths?.freezer;
    if (freezer === undefined) return 'unknown';
    const frozen = await readFile(join(freezer, 'freezer.state'), 'utf8').catch(() => undefined);
    if (frozen === undefined) return 'unknown';
    return { ...base, status: frozen.trim() === 'THAWED' ? 'running' : 'paused' };
  }

  async start(id: string): Promise<void> {
    await this.run(['start', id]);
  }

  async kill(id: string, signal: string): Promise<void> {
    await this.run(['kill', id, signal]);
  }

  async pause(id: string): Promise<void> {
    await this.run(['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.run(['resume', id]);
  }

  /** Plain delete: runc refuses a running container (`delete -f` would SIGKILL and sleep 100 ms). */
  async delete(id: string): Promise<void> {
    await this.run(['delete', id]);
  }

  async ps(id: string): Promise<number[]> {
    const pids: unknown = JSON.parse(await this.run(['ps', '--format', 'json', id]));
    return Array.isArray(pids) ? pids.filter((pid): pid is number => typeof pid === 'number') : [];
  }
}

/**
 * Docker's signal argument: a name with or without SIG, or a number.
 * runc takes both forms; this only normalises and refuses garbage early.
 */
export function normalizeSignal(signal: string): string {
  const trimmed = signal.trim().toUpperCase();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    if (number >= 1 && number <= 64) return trimmed;
  } else if (/^(SIG)?[A-Z][A-Z0-9]*([+-]\d+)?$/.test(trimmed)) {
    return trimmed.startsWith('SIG') ? trimmed : `SIG${trimmed}`;
  }
  throw new RuntimeError('invalid-config', `invalid signal: ${signal}`);
}
