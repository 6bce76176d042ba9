/**
 * The runc commands the driver uses, each one child process with the
 * driver's own state root (`--root`), so the containers of the built-in
 * engine never mix with Docker's or podman's.
 */
import { execFile } from 'node:child_process';
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

  /** undefined when runc has no such container. */
  async state(id: string): Promise<RuncState | undefined> {
    try {
      return JSON.parse(await this.run(['state', id])) as RuncState;
    } catch (error) {
      if (error instanceof RuntimeError && error.code === 'not-found') return undefined;
      throw error;
    }
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
