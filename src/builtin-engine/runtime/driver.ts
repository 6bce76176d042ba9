/**
 * RuntimeDriver on Debian's runc or crun (oci-runtime.ts; select.ts picks
 * one per host) with conmon as the per-container monitor.
 *
 * start: config.json in the bundle dir → conmon runs the runtime's
 * `create` and reports the pid → `start`. conmon then holds the
 * container's stdio, writes the k8s-file log and the exit file, with or
 * without the daemon; every later call (wait, status, logs) reads the
 * runtime's state and conmon's files, so a new driver instance (a
 * restarted daemon) sees exactly what the old one did. The driver keeps no
 * state of its own. Each runtime has its own state root; a container is
 * looked up in the chosen runtime's, then in the other's, so containers
 * started before the host's choice changed (crun installed meanwhile) are
 * still found and handled by the runtime that created them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
import { RuntimeError, withTimeout } from './errors.js';
import { execProcess, startExec } from './exec.js';
import { readHostLimits } from './host.js';
import { readLogFile } from './log-reader.js';
import {
  conmonAlive,
  exitNow,
  monitorPaths,
  removeMonitorFiles,
  waitForExit,
  writeWindowSize,
} from './monitor.js';
import { buildOciSpec, type HostFacts, type OciSpec } from './oci-spec.js';
import { resolveUserIn } from './rootfs-file.js';
import { OciRuntime, RUNTIME_BINARIES, normalizeSignal } from './oci-runtime.js';
import type { ContainerState } from './state-files.js';
import { DEFAULTS, type OciDriverOptions } from './driver-options.js';

export { DEFAULTS, type OciDriverOptions };

/** How long delete waits for a SIGKILLed container's monitor to record the exit. */
const KILL_WAIT_MS = 10_000;

export class OciDriver implements RuntimeDriver {
  /** The runtime new containers run on. */
  readonly runtime: OciRuntime;
  /** The other one, for containers it created before the choice changed. */
  private readonly other: OciRuntime;
  private readonly conmon: string;
  private readonly cgroupParent: string;
  private readonly socat: string;
  private host: Promise<HostFacts> | undefined;

  constructor(options: OciDriverOptions = {}) {
    const name = options.runtime ?? DEFAULTS.runtime;
    const otherName = name === 'runc' ? 'crun' : 'runc';
    const stateRoot = options.stateRoot ?? DEFAULTS.stateRoot;
    this.runtime = new OciRuntime(
      name,
      options.runtimeBinary ?? RUNTIME_BINARIES[name],
      posix.join(stateRoot, name),
    );
    this.other = new OciRuntime(
      otherName,
      RUNTIME_BINARIES[otherName],
      posix.join(stateRoot, otherName),
    );
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

  /** The runtime that holds `id`, with its state; undefined when neither does. */
  private async locate(
    id: string,
  ): Promise<{ runtime: OciRuntime; state: ContainerState } | undefined> {
    for (const runtime of [this.runtime, this.other]) {
      const state = await runtime.state(id).catch((error: unknown) => {
        // The other runtime may not be installed: only its state files count then.
        if (runtime === this.other) return undefined;
        throw error;
      });
      if (state) return { runtime, state };
    }
    return undefined;
  }

  private async found(id: string): Promise<{ runtime: OciRuntime; state: ContainerState }> {
    const located = await this.locate(id);
    if (!located) throw new RuntimeError('not-found', `no such container: ${id}`);
    return located;
  }

  async start(spec: ContainerRuntimeSpec): Promise<{ pid: number }> {
    if (!posix.isAbsolute(spec.cwd || '/')) {
      throw new RuntimeError(
        'invalid-config',
        `the working directory '${spec.cwd}' is invalid, it needs to be an absolute path`,
      );
    }
    const paths = monitorPaths(spec.bundleDir, spec.id);
    const [user, facts, previous] = await Promise.all([
      resolveUserIn(spec.rootfs, spec.user, spec.groupAdd),
      this.hostFacts(),
      this.locate(spec.id),
    ]);
    const config = buildOciSpec(spec, user, facts);

    // A stopped record of an earlier run blocks `create` with the same id.
    if (previous) {
      if (previous.state.status !== 'stopped') {
        throw new RuntimeError(
          'still-running',
          `container ${spec.id} is already ${previous.state.status}`,
        );
      }
      await previous.runtime.delete(spec.id);
    }
    await Promise.all([
      mkdir(spec.bundleDir, { recursive: true }),
      mkdir(posix.dirname(spec.logPath), { recursive: true }),
      mkdir(this.runtime.root, { recursive: true, mode: 0o700 }),
    ]);
    await removeMonitorFiles(paths);
    await Promise.all([
      mkdir(paths.dir, { recursive: true }),
      writeFile(paths.config, JSON.stringify(config)),
    ]);

    const pid = await launchConmon({
      conmon: this.conmon,
      runtime: await this.runtime.creator(),
      id: spec.id,
      bundleDir: spec.bundleDir,
      logPath: spec.logPath,
      paths,
      tty: spec.tty,
      openStdin: spec.openStdin,
      stdinOnce: spec.stdinOnce ?? false,
    });
    try {
      await this.runtime.start(spec.id);
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
    const { runtime, state } = await this.found(id);
    if (state.status === 'stopped') {
      throw new RuntimeError('not-running', `container ${id} is not running`);
    }
    await runtime.kill(id, normalizeSignal(signal));
  }

  async pause(id: string): Promise<void> {
    await (await this.found(id)).runtime.pause(id);
  }

  async resume(id: string): Promise<void> {
    await (await this.found(id)).runtime.resume(id);
  }

  async delete(id: string, bundleDir: string): Promise<void> {
    const paths = monitorPaths(bundleDir, id);
    const located = await this.locate(id);
    const state = located?.state;
    if (located && state && state.status !== 'stopped') {
      await located.runtime.kill(id, 'SIGKILL').catch(() => undefined);
      // A frozen process only dies once thawed.
      if (state.status === 'paused') await located.runtime.resume(id).catch(() => undefined);
    }
    if (await conmonAlive(paths)) {
      await withTimeout(
        waitForExit(paths, 50),
        KILL_WAIT_MS,
        `container ${id} did not exit after SIGKILL`,
      );
    }
    if (located) await located.runtime.delete(id);
    // conmon exits right after writing the exit file; its leftovers go once it has.
    const deadline = Date.now() + 2000;
    while ((await conmonAlive(paths)) && Date.now() < deadline) await sleep(10);
    await removeMonitorFiles(paths);
  }

  async status(id: string): Promise<RuntimeStatus | undefined> {
    return (await this.locate(id))?.state.status;
  }

  async pids(id: string): Promise<number[]> {
    return (await this.found(id)).runtime.ps(id);
  }

  async exec(id: string, request: ExecRequest): Promise<ExecHandle> {
    if (request.args.length === 0) {
      throw new RuntimeError('invalid-config', 'No exec command specified');
    }
    const { runtime, state } = await this.found(id);
    if (state.status !== 'running') {
      throw new RuntimeError('not-running', `container ${id} is not running`);
    }
    const config = JSON.parse(
      await readFile(posix.join(state.bundle, 'config.json'), 'utf8'),
    ) as OciSpec;
    const user =
      request.user !== undefined && request.user !== ''
        ? await resolveUserIn(state.rootfs, request.user, [])
        : undefined;
    const host = await this.hostFacts();
    return startExec({
      runtime: runtime.name,
      binary: runtime.binary,
      globalArgs: runtime.globalArgs,
      resize: runtime.name === 'runc' ? 'runtime-terminal' : 'process-terminal',
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
    if (!(await writeWindowSize(monitorPaths(bundleDir, id), size)))
      throw new RuntimeError('not-running', `container ${id} is not running`);
  }
}
