/**
 * A container's output for `logs` and `attach`, read from what its monitor
 * recorded (RuntimeDriver.readLogs). Attach with `stream` follows the output
 * of the current or next run (`docker run` attaches before it starts the
 * container) from the moment of the attach; with `logs` it first replays the
 * recorded output. Stdin (`docker run -i`) goes through the runc driver's
 * attach socket once the container runs; a driver without one refuses such an
 * attach with a sentence saying so.
 */
import { PassThrough } from 'node:stream';
import {
  EngineApiError,
  type LogQuery,
  type OutputChunk,
  type StreamSession,
} from '../../ports.js';
import type { ContainerDeps } from './deps.js';
import { emitContainerEvent } from './events.js';
import { isActive, type ContainerRecord } from './record.js';
import { attachStdin, canAttachStdin, readContainerLogs } from './runtime-extensions.js';

export class Streams {
  private readonly active = new Map<string, Set<Promise<void>>>();

  constructor(private readonly deps: ContainerDeps) {}

  async logs(
    ref: string,
    query: LogQuery,
    signal: AbortSignal,
  ): Promise<{ tty: boolean; output: AsyncIterable<OutputChunk> }> {
    const record = this.deps.registry.resolve(ref);
    // Following a stopped container returns what there is, as Docker does.
    const follow = query.follow && isActive(record.state);
    return {
      tty: record.config.Tty === true,
      output: readContainerLogs(this.deps.runtime, record, { ...query, follow }, signal),
    };
  }

  async attach(
    ref: string,
    query: { stream: boolean; logs: boolean; stdin: boolean; stdout: boolean; stderr: boolean },
    signal: AbortSignal,
  ): Promise<StreamSession> {
    const record = this.deps.registry.resolve(ref);
    if (record.state.Status === 'paused') {
      throw new EngineApiError(409, 'You cannot attach to a paused container, unpause it first');
    }
    if (record.state.Status === 'restarting') {
      throw new EngineApiError(
        409,
        'You cannot attach to a restarting container, wait until it is running',
      );
    }
    const wantsStdin = query.stdin && record.config.OpenStdin === true;
    if (wantsStdin && !canAttachStdin(this.deps.runtime)) {
      throw new EngineApiError(
        501,
        "the built-in engine cannot attach to a container's stdin (its runtime driver offers no stdin); " +
          'run the container without -i, or use `exec -i` to talk to a process inside it',
      );
    }
    emitContainerEvent(this.deps, record, 'attach');
    const sinceAttach = Date.now() / 1000;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.track(record.id, done);
    const output = this.attachOutput(record, query, sinceAttach, signal, finished);
    const tty = record.config.Tty === true;
    if (!wantsStdin) return { tty, output, done };
    const stdin = new PassThrough();
    void this.connectStdin(record, stdin, signal, done);
    return { tty, output, stdin, done };
  }

  /** Pipes the client's stdin into the container once it runs, until the session ends. */
  private async connectStdin(
    record: ContainerRecord,
    stdin: PassThrough,
    signal: AbortSignal,
    done: Promise<void>,
  ): Promise<void> {
    try {
      if (!isActive(record.state) && !(await this.nextStart(record.id, signal))) return;
      const attachment = await attachStdin(this.deps.runtime, record);
      stdin.pipe(attachment.stdin);
      const release = (): void => {
        stdin.unpipe(attachment.stdin);
        attachment.detach();
      };
      if (signal.aborted) return release();
      signal.addEventListener('abort', release, { once: true });
      void done.then(release);
    } catch (error) {
      this.deps.warn(`attaching stdin of container ${record.name}: ${String(error)}`);
      stdin.resume();
    }
  }

  private async *attachOutput(
    record: ContainerRecord,
    query: { stream: boolean; logs: boolean; stdout: boolean; stderr: boolean },
    sinceAttach: number,
    signal: AbortSignal,
    finished: () => void,
  ): AsyncIterable<OutputChunk> {
    const base: LogQuery = {
      stdout: query.stdout,
      stderr: query.stderr,
      follow: false,
      since: 0,
      until: 0,
      tail: 'all',
      timestamps: false,
    };
    try {
      if (query.logs) yield* readContainerLogs(this.deps.runtime, record, base, signal);
      if (!query.stream || (!query.stdout && !query.stderr)) return;
      if (!isActive(record.state) && !(await this.nextStart(record.id, signal))) return;
      yield* readContainerLogs(
        this.deps.runtime,
        record,
        { ...base, follow: true, since: sinceAttach },
        signal,
      );
    } finally {
      finished();
    }
  }

  /** Resolves true when the container starts, false when the attach ends first (abort or removal). */
  private nextStart(id: string, signal: AbortSignal): Promise<boolean> {
    const { notices } = this.deps.registry;
    return new Promise((resolve) => {
      const settle = (started: boolean): void => {
        notices.off('start', onStart);
        notices.off('removed', onRemoved);
        signal.removeEventListener('abort', onAbort);
        resolve(started);
      };
      const onStart = (started: string): void => {
        if (started === id) settle(true);
      };
      const onRemoved = (notice: { id: string }): void => {
        if (notice.id === id) settle(false);
      };
      const onAbort = (): void => settle(false);
      if (signal.aborted) return resolve(false);
      notices.on('start', onStart);
      notices.on('removed', onRemoved);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private track(id: string, done: Promise<void>): void {
    let sessions = this.active.get(id);
    if (sessions === undefined) {
      sessions = new Set();
      this.active.set(id, sessions);
    }
    sessions.add(done);
    void done.then(() => {
      sessions.delete(done);
      if (sessions.size === 0 && this.active.get(id) === sessions) this.active.delete(id);
    });
  }

  /** Resolves when every attach session of the container has ended. */
  async drained(id: string): Promise<void> {
    await Promise.all([...(this.active.get(id) ?? [])]);
  }
}
