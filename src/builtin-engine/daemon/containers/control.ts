/**
 * The API's control of a container: stop (stop signal, timeout, then
 * SIGKILL), kill, pause/unpause, restart, remove and wait, with Docker's
 * conflict messages. A stop or kill through the API marks the container so
 * that its restart policy does not bring it back. Kill with SIGKILL (the
 * default) waits for the exit, bounded, as dockerd's does.
 */
import { EngineApiError, type WaitResult } from '../../ports.js';
import type { ContainerDeps } from './deps.js';
import { emitContainerEvent } from './events.js';
import type { Lifecycle } from './lifecycle.js';
import { isActive, type ContainerRecord } from './record.js';
import type { ExitNotice } from './registry.js';
import { parseSignal, type Signal } from './signals.js';
import { raceTimeout } from './timeout.js';

/** How long a SIGKILLed process may take to be reported gone before we give up. */
const KILL_GRACE_MS = 30_000;
const DEFAULT_STOP_TIMEOUT_S = 10;
/** Signals whose default action ends the process: sending one through the API counts as a manual stop. */
const STOPPING = new Set(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT']);

function notRunning(id: string): EngineApiError {
  return new EngineApiError(409, `Container ${id} is not running`);
}

function restarting(id: string): EngineApiError {
  return new EngineApiError(
    409,
    `Container ${id} is restarting, wait until the container is running`,
  );
}

export class Control {
  private readonly removing = new Set<string>();
  /** Called when a container is gone (execs and streams of it are dropped). */
  onRemoved: (id: string) => void = () => undefined;
  /** Resolves when the attach streams of a container have delivered their output. */
  streamsDrained: (id: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly deps: ContainerDeps,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** The next exit of the container's current process. */
  nextExit(id: string): Promise<ExitNotice> {
    return new Promise((resolve) => {
      const listener = (notice: ExitNotice): void => {
        if (notice.id !== id) return;
        this.deps.registry.notices.off('exit', listener);
        resolve(notice);
      };
      this.deps.registry.notices.on('exit', listener);
    });
  }

  private async signal(record: ContainerRecord, signal: Signal): Promise<void> {
    if (STOPPING.has(signal.name) || signal.name === record.config.StopSignal)
      record.stoppedByApi = true;
    await this.deps.registry.save(record);
    try {
      await this.deps.runtime.kill(record.id, signal.name);
    } catch (error) {
      // The process ended between our look and the signal: its exit is on its way.
      const status = await this.deps.runtime.status(record.id).catch(() => undefined);
      if (status === 'running' || status === 'paused') throw error;
    }
    emitContainerEvent(this.deps, record, 'kill', { signal: `${signal.number}` });
    // A frozen process cannot act on a signal: thaw it so the kill takes effect.
    if (record.state.Status === 'paused' && signal.name === 'SIGKILL') {
      await this.deps.runtime.resume(record.id);
      record.state.Status = 'running';
    }
  }

  private async killAndWait(record: ContainerRecord): Promise<void> {
    const exited = this.nextExit(record.id);
    await this.signal(record, parseSignal('SIGKILL'));
    const outcome = await raceTimeout(exited, KILL_GRACE_MS);
    if (outcome === 'timeout') {
      throw new EngineApiError(500, `container ${record.id} did not exit after SIGKILL`);
    }
  }

  async stop(
    ref: string,
    options: { signal?: string; timeoutSeconds?: number },
  ): Promise<'stopped' | 'unchanged'> {
    const record = this.deps.registry.resolve(ref);
    return this.deps.registry.withLock(record.id, async () => {
      if (record.state.Status === 'restarting') {
        record.stoppedByApi = true;
        await this.lifecycle.settleRestarting(record);
        emitContainerEvent(this.deps, record, 'stop');
        return 'stopped';
      }
      if (!isActive(record.state)) return 'unchanged';
      const signal = parseSignal(options.signal || record.config.StopSignal || 'SIGTERM');
      const timeout = options.timeoutSeconds ?? record.config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
      const exited = this.nextExit(record.id);
      await this.signal(record, signal);
      record.stoppedByApi = true;
      const outcome = timeout < 0 ? await exited : await raceTimeout(exited, timeout * 1000);
      if (outcome === 'timeout') await this.killAndWait(record);
      emitContainerEvent(this.deps, record, 'stop');
      return 'stopped';
    });
  }

  async kill(ref: string, signalName?: string): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    const signal = parseSignal(signalName || 'SIGKILL');
    await this.deps.registry.withLock(record.id, async () => {
      if (record.state.Status === 'restarting') throw restarting(record.id);
      if (!isActive(record.state)) throw notRunning(record.id);
      // As dockerd: SIGKILL returns once the exit is recorded (an inspect right after sees
      // `exited`, 137); any other signal is only delivered, the process decides what it does.
      if (signal.name === 'SIGKILL') await this.killAndWait(record);
      else await this.signal(record, signal);
    });
  }

  async pause(ref: string): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    await this.deps.registry.withLock(record.id, async () => {
      if (record.state.Status === 'restarting') throw restarting(record.id);
      if (!isActive(record.state)) throw notRunning(record.id);
      if (record.state.Status === 'paused') {
        throw new EngineApiError(409, `Container ${record.id} is already paused`);
      }
      await this.deps.runtime.pause(record.id);
      record.state.Status = 'paused';
      await this.deps.registry.save(record);
      emitContainerEvent(this.deps, record, 'pause');
    });
  }

  async unpause(ref: string): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    await this.deps.registry.withLock(record.id, async () => {
      if (record.state.Status !== 'paused') {
        throw new EngineApiError(409, `Container ${record.id} is not paused`);
      }
      await this.deps.runtime.resume(record.id);
      record.state.Status = 'running';
      await this.deps.registry.save(record);
      emitContainerEvent(this.deps, record, 'unpause');
    });
  }

  async start(ref: string): Promise<'started' | 'unchanged'> {
    const record = this.deps.registry.resolve(ref);
    return this.deps.registry.withLock(record.id, async () => {
      if (record.state.Status === 'paused') {
        throw new EngineApiError(409, 'cannot start a paused container, try unpause instead');
      }
      if (isActive(record.state)) return 'unchanged';
      if (this.removing.has(record.id)) {
        throw new EngineApiError(409, `container is marked for removal and cannot be started`);
      }
      await this.lifecycle.start(record, 'api');
      return 'started';
    });
  }

  async restart(ref: string, options: { signal?: string; timeoutSeconds?: number }): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    await this.stop(record.id, options);
    await this.start(record.id);
    emitContainerEvent(this.deps, record, 'restart');
  }

  async remove(ref: string, options: { force: boolean; volumes: boolean }): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    if (this.removing.has(record.id)) {
      throw new EngineApiError(409, `removal of container ${record.id} is already in progress`);
    }
    await this.deps.registry.withLock(record.id, async () => {
      if (this.deps.registry.byId(record.id) !== record)
        throw new EngineApiError(404, `No such container: ${ref}`);
      const status = record.state.Status;
      if (isActive(record.state) && !options.force) {
        const what =
          status === 'paused' ? 'a paused' : status === 'restarting' ? 'a restarting' : 'a running';
        const how = status === 'paused' ? 'Unpause and then stop' : 'Stop';
        throw new EngineApiError(
          409,
          `You cannot remove ${what} container ${record.id}. ${how} the container before attempting removal or force remove`,
        );
      }
      this.removing.add(record.id);
      try {
        record.stoppedByApi = true;
        if (status === 'restarting') await this.lifecycle.settleRestarting(record);
        else if (isActive(record.state)) await this.killAndWait(record);
        await this.destroy(record, options.volumes);
      } finally {
        this.removing.delete(record.id);
      }
    });
  }

  /** Removes a container that has exited: runtime leftovers, snapshot, record, and anonymous volumes with `v`. */
  private async destroy(record: ContainerRecord, volumes: boolean): Promise<void> {
    const { deps } = this;
    this.lifecycle.forget(record.id);
    await deps.runtime.delete(record.id, record.bundleDir).catch(() => undefined);
    await deps.snapshots.remove(record.id);
    await deps.registry.delete(record);
    this.onRemoved(record.id);
    if (volumes) {
      for (const mount of record.mounts) {
        if (mount.Type !== 'volume' || !mount.anonymous || mount.Name === undefined) continue;
        await deps.volumes
          .removeVolume(mount.Name, { force: false })
          .catch((error: unknown) =>
            deps.warn(`removing anonymous volume ${mount.Name}: ${String(error)}`),
          );
      }
    }
    emitContainerEvent(deps, record, 'destroy');
    deps.registry.notices.emit('removed', {
      id: record.id,
      exitCode: record.state.ExitCode,
      error: record.state.Error,
      final: true,
    } satisfies ExitNotice);
  }

  /** `HostConfig.AutoRemove`: remove once the attach streams got the last output. */
  async autoRemove(record: ContainerRecord): Promise<void> {
    await raceTimeout(this.streamsDrained(record.id), 2_000);
    if (this.removing.has(record.id)) return;
    if (this.deps.registry.byId(record.id) !== record || isActive(record.state)) return;
    await this.remove(record.id, { force: false, volumes: true });
  }

  async wait(
    ref: string,
    condition: 'not-running' | 'next-exit' | 'removed',
    signal: AbortSignal,
  ): Promise<WaitResult> {
    const record = this.deps.registry.resolve(ref);
    const result = (notice: { exitCode: number; error: string }): WaitResult =>
      notice.error === ''
        ? { StatusCode: notice.exitCode }
        : { StatusCode: notice.exitCode, Error: { Message: notice.error } };
    if (condition === 'not-running' && !isActive(record.state)) {
      return result({ exitCode: record.state.ExitCode, error: record.state.Error });
    }
    const kind = condition === 'removed' ? 'removed' : 'exit';
    return new Promise<WaitResult>((resolve, reject) => {
      const { notices } = this.deps.registry;
      const cleanup = (): void => {
        notices.off(kind, listener);
        signal.removeEventListener('abort', aborted);
      };
      const listener = (notice: ExitNotice): void => {
        if (notice.id !== record.id) return;
        if (condition === 'not-running' && !notice.final) return;
        cleanup();
        resolve(result(notice));
      };
      const aborted = (): void => {
        cleanup();
        reject(
          signal.reason instanceof Error
            ? signal.reason
            : new DOMException('aborted', 'AbortError'),
        );
      };
      if (signal.aborted) return aborted();
      notices.on(kind, listener);
      signal.addEventListener('abort', aborted, { once: true });
    });
  }
}
