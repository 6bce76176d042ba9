/**
 * The building blocks of log following: a queue that merges many producers
 * into one async iterable in arrival order, and the lines of one container's
 * log stream with the engine's timestamp split off.
 */
import type { Engine, LogChunk } from '../engine/types.js';

/**
 * Where a line came from: the container's stdout or stderr (a TTY container
 * writes everything to stdout). `combined` is for producers that cannot tell.
 */
export type LogSource = 'stdout' | 'stderr' | 'combined';

export interface LogLine {
  /** Container name (`demo-web-1`). */
  readonly container: string;
  readonly service: string;
  readonly stream: LogSource;
  /** The line without its trailing newline. */
  readonly line: string;
  /** The engine's RFC3339Nano timestamp of the line. */
  readonly timestamp?: string;
}

/** A push-based async iterable: producers `push`, the one consumer iterates; `close` ends it after what is queued. */
export class Channel<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failure: { error: unknown } | undefined;
  private closed = false;
  private rejectWaiting: ((error: unknown) => void) | undefined;

  push(value: T): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      this.rejectWaiting = undefined;
      waiting({ value, done: false });
    } else this.queue.push(value);
  }

  close(): void {
    this.closed = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    this.rejectWaiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.closed = true;
    const reject = this.rejectWaiting;
    this.waiting = undefined;
    this.rejectWaiting = undefined;
    reject?.(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.queue.length > 0)
          return Promise.resolve({ value: this.queue.shift()!, done: false });
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.rejectWaiting = reject;
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/** `2024-01-02T03:04:05.123456789Z hello` → timestamp and text; a line without one is kept whole. */
export function splitTimestamp(raw: string): { timestamp?: string; text: string } {
  const space = raw.indexOf(' ');
  const head = space < 0 ? raw : raw.slice(0, space);
  if (!/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(head)) return { text: raw };
  return { timestamp: head, text: space < 0 ? '' : raw.slice(space + 1) };
}

/** Lines of tagged chunks, each stream split on its own (a line may arrive in pieces). */
export async function* readTaggedLines(
  chunks: AsyncIterable<LogChunk>,
): AsyncGenerator<{ stream: 'stdout' | 'stderr'; line: string }> {
  const pending = { stdout: '', stderr: '' };
  for await (const { stream, data } of chunks) {
    let text = pending[stream] + data.toString('utf8');
    let newline: number;
    while ((newline = text.indexOf('\n')) >= 0) {
      yield { stream, line: text.slice(0, newline).replace(/\r$/, '') };
      text = text.slice(newline + 1);
    }
    pending[stream] = text;
  }
  for (const stream of ['stdout', 'stderr'] as const)
    if (pending[stream] !== '') yield { stream, line: pending[stream].replace(/\r$/, '') };
}

export interface ContainerLogOptions {
  readonly follow: boolean;
  readonly tail?: number;
  /** Unix seconds. */
  readonly since?: number;
}

/**
 * Every line of one container's log, timestamps always asked for (they order
 * restarts and implement `--until`; the formatter decides whether to show them).
 * Aborting `signal` destroys the stream and ends the iteration quietly.
 */
export async function* containerLogLines(
  engine: Engine,
  container: { readonly id: string; readonly name: string; readonly service: string },
  options: ContainerLogOptions,
  signal: AbortSignal,
): AsyncGenerator<LogLine> {
  if (signal.aborted) return;
  const stream = await engine.containerLogs(container.id, {
    follow: options.follow,
    timestamps: true,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  });
  // Aborted while the engine was answering: a listener added now would never
  // fire (the event is past), and a followed stream would run forever.
  if (signal.aborted) {
    stream.destroy();
    return;
  }
  const stop = () => stream.destroy();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const raw of readTaggedLines(stream)) {
      const { timestamp, text } = splitTimestamp(raw.line);
      yield {
        container: container.name,
        service: container.service,
        stream: raw.stream,
        line: text,
        ...(timestamp !== undefined ? { timestamp } : {}),
      };
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    stream.destroy();
  }
}
