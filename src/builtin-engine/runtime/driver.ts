/**
 * RuntimeDriver on Debian's runc with conmon as the per-container monitor.
 *
 * start: config.json in the bundle dir → conmon runs `runc create` and
 * reports the pid → `runc start`. conmon then holds the container's stdio,
 * writes the k8s-file log and the exit file, with or without the daemon;
 * every later call (wait, status, logs) reads runc's state and conmon's
 * files, so a new driver instance (a restarted daemon) sees exactly what
 * the old one did. The driver keeps no state of its own.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ContainerRuntimeSpec,
  ExecHandle,
  ExecRequest,
  ExitInfo,
  LogQuery,
  OutputChunk,
  RuntimeDriver,
  RuntimeStatus,
} from '../ports.js';
import { attachStdin, type StdinAttachment } from './attach.js';
import { launchConmon } from './conmon.js';
import { RuntimeError } from './errors.js';
import { execProcess, startExec } from './exec.js';
import { readHostLimits } from './host.js';
import { readLogFile } from './log-reader.js';
import { conmonAlive, exitNow, monitorPaths, waitForExit, type MonitorPaths } from './monitor.js';
import { buildOciSpec, type HostFacts, type OciSpec } from './oci-spec.js';
import { readRootfsFile } from './rootfs-file.js';
import { Runc, normalizeSignal } from './runc.js';
import { resolveUser, type ResolvedUser } from './user.js';

export interface RuncDriverOptions {
  readonly runc?: string;
  readonly conmon?: string;
  /** runc's state directory; ours alone, so Docker's and podman's containers never show up. */
  readonly runcRoot?: string;
  /** cgroup parent of every container (`<parent>/<id>` in each hierarchy). */
  readonly cgroupParent?: string;
  /** Carries attach stdin to conmon's SOCK_SEQPACKET socket (see attach.ts). */
  readonly socat?: string;
}

export const DEFAULTS = {
  runc: '/usr/sbin/runc',
  conmon: '/usr/bin/conmon',
  runcRoot: '/run/tscompose/runc',
  cgroupParent: '/tscompose',
  socat: 'socat',
} as const;

/** How long delete waits for a SIGKILLed container's monitor to record the exit. */
const KILL_WAIT_MS = 10_000;

async function resolveIn(
  rootfs: string,
  user: string,
  groupAdd: readonly string[],
): Promise<ResolvedUser> {
  const [passwd, group] = await Promise.all([
    readRootfsFile(rootfs, '/etc/passwd'),
    readRootfsFile(rootfs, '/etc/group'),
  ]);
  return resolveUser(user, groupAdd, passwd, group);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RuntimeError('runtime-failed', what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class RuncDriver implements RuntimeDriver {
  readonly runc: Runc;
  private readonly conmon: string;
  private readonly cgroupParent: string;
  private readonly socat: string;
  private host: Promise<HostFacts> | undefined;

  constructor(options: RuncDriverOptions = {}) {
    this.runc = new Runc(options.runc ?? DEFAULTS.runc, options.runcRoot ?? DEFAULTS.runcRoot);
    this.conmon = options.conmon ?? DEFAULTS.conmon;
    this.cgroupParent = options.cgroupParent ?? DEFAULTS.cgroupParent;
    this.socat = options.socat ?? DEFAULTS.socat;
  }

  private hostFacts(): Promise<HostFacts> {
    this.host ??= readHostLimits().then((limits) => ({
      availableCapabilities: limits.capabilities,
      openFilesLimit: limits.openFiles,
      cgroupParent: this.cgroupParent,
    }));
    return this.host;
  }

  async start(spec: ContainerRuntimeSpec): Promise<{ pid: number }> {
    if (!posix.isAbsolute(spec.cwd || '/')) {
      throw new RuntimeError(
        'invalid-config',
        `the working directory '${spec.cwd}' is invalid, it needs to be an absolute path`,
      );
    }
    const paths = monitorPaths(spec.bundleDir, spec.id);
    const user = await resolveIn(spec.rootfs, spec.user, spec.groupAdd);
    const config = buildOciSpec(spec, user, await this.hostFacts());

    // A stopped record of an earlier run blocks `runc create` with the same id.
    const previous = await this.runc.state(spec.id);
    if (previous) {
      if (previous.status !== 'stopped') {
        throw new RuntimeError(
          'still-running',
          `container ${spec.id} is already ${previous.status}`,
        );
      }
      await this.runc.delete(spec.id);
    }
    await mkdir(spec.bundleDir, { recursive: true });
    await mkdir(posix.dirname(spec.logPath), { recursive: true });
    await removeMonitorFiles(paths);
    await mkdir(paths.dir, { recursive: true });
    await mkdir(this.runc.root, { recursive: true, mode: 0o700 });
    await writeFile(paths.config, JSON.stringify(config));

    const pid = await launchConmon({
      conmon: this.conmon,
      runc: this.runc.binary,
      runcRoot: this.runc.root,
      id: spec.id,
      bundleDir: spec.bundleDir,
      logPath: spec.logPath,
      paths,
      tty: spec.tty,
      openStdin: spec.openStdin,
      stdinOnce: spec.stdinOnce ?? false,
    });
    try {
      await this.runc.start(spec.id);
    } catch (error) {
      await this.delete(spec.id, spec.bundleDir).catch(() => undefined);
      throw new RuntimeError('start-failed', (error as Error).message, { cause: error });
    }
    return { pid };
  }

  waitExit(id: string, bundleDir: string): Promise<ExitInfo> {
    return waitForExit(monitorPaths(bundleDir, id));
  }

  async kill(id: string, signal: string): Promise<void> {
    const state = await this.runc.state(id);
    if (!state) throw new RuntimeError('not-found', `no such container: ${id}`);
    if (state.status === 'stopped') {
      throw new RuntimeError('not-running', `container ${id} is not running`);
    }
    await this.runc.kill(id, normalizeSignal(signal));
  }

  async pause(id: string): Promise<void> {
    await this.runc.pause(id);
  }

  async resume(id: string): Promise<void> {
    await this.runc.resume(id);
  }

  async delete(id: string, bundleDir: string): Promise<void> {
    const paths = monitorPaths(bundleDir, id);
    const state = await this.runc.state(id);
    if (state && state.status !== 'stopped') {
      await this.runc.kill(id, 'SIGKILL').catch(() => undefined);
      // A frozen process only dies once thawed.
      if (state.status === 'paused') await this.runc.resume(id).catch(() => undefined);
    }
    if (await conmonAlive(paths)) {
      await withTimeout(
        waitForExit(paths, 50),
        KILL_WAIT_MS,
        `container ${id} did not exit after SIGKILL`,
      );
    }
    if (state) await this.runc.delete(id);
    // conmon exits right after writing the exit file; its leftovers go once it has.
    const deadline = Date.now() + 2000;
    while ((await conmonAlive(paths)) && Date.now() < deadline) await sleep(10);
    await removeMonitorFiles(paths);
  }

  async status(id: string): Promise<RuntimeStatus | undefined> {
    return (await this.runc.state(id))?.status;
  }

  async pids(id: string): Promise<number[]> {
    return this.runc.ps(id);
  }

  async exec(id: string, request: ExecRequest): Promise<ExecHandle> {
    if (request.args.length === 0) {
      throw new RuntimeError('invalid-config', 'No exec command specified');
    }
    const state = await this.runc.state(id);
    if (!state) throw new RuntimeError('not-found', `no such container: ${id}`);
    if (state.status !== 'running') {
      throw new RuntimeError('not-running', `container ${id} is not running`);
    }
    const config = JSON.parse(
      await readFile(posix.join(state.bundle, 'config.json'), 'utf8'),
    ) as OciSpec;
    const user =
      request.user !== undefined && request.user !== ''
        ? await resolveIn(state.rootfs, request.user, [])
        : undefined;
    const host = await this.hostFacts();
    return startExec({
      runc: this.runc.binary,
      runcGlobalArgs: this.runc.globalArgs,
      id,
      bundleDir: state.bundle,
      process: execProcess(config.process, request, user, host.availableCapabilities),
      tty: request.tty,
      stdin: request.stdin,
    });
  }

  /**
   * `container` (an extension of the port) lets a follower end when that
   * container's exit is recorded; without it, following ends on abort only.
   */
  readLogs(
    logPath: string,
    query: LogQuery,
    signal: AbortSignal,
    container?: { id: string; bundleDir: string },
  ): AsyncIterable<OutputChunk> {
    const paths = container ? monitorPaths(container.bundleDir, container.id) : undefined;
    return readLogFile(logPath, query, signal, {
      ...(paths ? { finished: async () => (await exitNow(paths)) !== undefined } : {}),
    });
  }

  /**
   * Stdin of a container started with `openStdin` (an extension of the
   * port), for attach. Several attachments may be open; each one's end
   * closes the container's stdin when it was started with `stdinOnce`.
   */
  async attachStdin(id: string, bundleDir: string): Promise<StdinAttachment> {
    const paths = monitorPaths(bundleDir, id);
    if (!(await conmonAlive(paths))) {
      throw new RuntimeError('not-running', `container ${id} is not running`);
    }
    return attachStdin(this.socat, paths.attach);
  }

  /** Sets a TTY container's window size through conmon's control fifo (an extension of the port). */
  async resize(
    id: string,
    bundleDir: string,
    size: { height: number; width: number },
  ): Promise<void> {
    const paths = monitorPaths(bundleDir, id);
    // Non-blocking: with conmon gone there is no reader, and a blocking open would hang.
    const fifo = await open(paths.ctl, constants.O_WRONLY | constants.O_NONBLOCK).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENXIO' || error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (!fifo) throw new RuntimeError('not-running', `container ${id} is not running`);
    try {
      await fifo.write(`1 ${Math.trunc(size.height)} ${Math.trunc(size.width)}\n`);
    } finally {
      await fifo.close();
    }
  }
}

/** Everything conmon and the driver put in the bundle dir (the dir itself stays). */
async function removeMonitorFiles(paths: MonitorPaths): Promise<void> {
  await Promise.all(
    [
      paths.dir,
      paths.conmonPidFile,
      paths.containerPidFile,
      paths.ctl,
      paths.winsz,
      paths.attach,
      paths.config,
    ].map((path) => rm(path, { recursive: true, force: true })),
  );
}
