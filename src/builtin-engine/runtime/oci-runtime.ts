/**
 * The OCI runtime commands the driver uses — runc or crun, which take the
 * same commands and flags for everything the driver does — each one child
 * process with the driver's own state root (`--root`, one per runtime), so
 * the engine's containers never mix with Docker's or podman's. What
 * differs is small: the state file each keeps (runc.ts, crun.ts) and, for
 * crun on a hybrid-cgroup host, a wrapper around `create` (crun.ts).
 */
import { join, posix } from 'node:path';
import { runCommand } from '../host/commands.js';
import { findTool } from '../host/requirements.js';
import { hostCgroupLayout, type CgroupLayout } from './cgroup-mode.js';
import { CRUN_STATE_FILE, crunCreateWrapper, parseCrunStatus } from './crun.js';
import { RuntimeError, describeFailure } from './errors.js';
import { RUNC_STATE_FILE, parseRuncState } from './runc.js';
import { SAFE_ID, stateFromFiles, type ContainerState } from './state-files.js';

export type RuntimeName = 'runc' | 'crun';

export const RUNTIME_BINARIES: Readonly<Record<RuntimeName, string>> = {
  runc: '/usr/sbin/runc',
  crun: '/usr/bin/crun',
};

/** The runtimes' wording for a container they have no state for. */
const NOT_FOUND = /does not exist|not found|no such file/i;

export class OciRuntime {
  private createCommand: Promise<{ path: string; args: string[] }> | undefined;

  constructor(
    readonly name: RuntimeName,
    readonly binary: string,
    readonly root: string,
    /** The host's cgroup layout (crun needs it); injectable for tests. */
    private readonly layout: () => Promise<CgroupLayout> = hostCgroupLayout,
  ) {}

  /** The global flags every call starts with. */
  get globalArgs(): string[] {
    return ['--root', this.root];
  }

  /**
   * The program and arguments conmon runs `create` with (its `--runtime` and
   * `--runtime-arg`s); only crun on a hybrid host needs a wrapper, and only
   * for create.
   */
  creator(): Promise<{ path: string; args: string[] }> {
    this.createCommand ??= (async () => {
      const direct = { path: this.binary, args: this.globalArgs };
      if (this.name !== 'crun') return direct;
      const unshare = (await findTool('unshare')) ?? 'unshare';
      const wrapper = crunCreateWrapper(await this.layout(), unshare);
      if (!wrapper) return direct;
      const [path = unshare, ...args] = wrapper;
      // conmon checks that its runtime is an executable path.
      if (!posix.isAbsolute(path)) {
        throw new RuntimeError(
          'start-failed',
          'crun needs unshare on this host (hybrid cgroups): apt-get install util-linux',
        );
      }
      return { path, args: [...args, this.binary, ...this.globalArgs] };
    })();
    this.createCommand.catch(() => (this.createCommand = undefined));
    return this.createCommand;
  }

  async run(args: readonly string[]): Promise<string> {
    try {
      // Through the daemon's command runner (host/commands.ts) like its other short-lived tools.
      const { stdout } = await runCommand(this.binary, [...this.globalArgs, ...args]);
      return stdout;
    } catch (error) {
      const message = describeFailure(error);
      const code = NOT_FOUND.test(message) ? 'not-found' : 'runtime-failed';
      throw new RuntimeError(code, `${this.name} ${args[0] ?? ''}: ${message}`, { cause: error });
    }
  }

  /**
   * undefined when the runtime has no such container. Read from the
   * runtime's own state file (state-files.ts); anything unexpected there
   * falls back to asking the runtime (`state`).
   */
  async state(id: string): Promise<ContainerState | undefined> {
    const fromFiles = SAFE_ID.test(id) ? await this.stateFromFiles(id) : 'unknown';
    if (fromFiles !== 'unknown') return fromFiles;
    let reported: ContainerState;
    try {
      reported = JSON.parse(await this.run(['state', id])) as ContainerState;
    } catch (error) {
      if (error instanceof RuntimeError && error.code === 'not-found') return undefined;
      throw error;
    }
    // crun reports the rootfs as config.json has it, maybe relative to the bundle.
    return { ...reported, rootfs: posix.resolve(reported.bundle, reported.rootfs) };
  }

  private async stateFromFiles(id: string): Promise<ContainerState | undefined | 'unknown'> {
    const dir = join(this.root, id);
    if (this.name === 'runc') return stateFromFiles(dir, id, RUNC_STATE_FILE, parseRuncState);
    const { mode } = await this.layout();
    return stateFromFiles(dir, id, CRUN_STATE_FILE, (text) => parseCrunStatus(text, mode));
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

  /** Plain delete: it refuses a running container (runc's `delete -f` would SIGKILL and sleep 100 ms). */
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
 * Both runtimes take both forms; this only normalises and refuses garbage early.
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
