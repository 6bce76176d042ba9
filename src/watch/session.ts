/**
 * A watch session: rules from the project, chokidar on their paths, batches
 * handled one after another through `BatchRunner`, and the engine's container
 * `start` events followed so a container that starts (or is recreated) after
 * missing changes gets them. `watch()` resolves once the initial sync is done
 * and file events are being reported.
 */
import { Label, type Engine, type EngineEvent } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import type { Project } from '../spec/model.js';
import { rebuildThroughUp, type RebuildService } from './actions.js';
import { createBatcher, type BatcherOptions, type Timers } from './batcher.js';
import { watchFiles } from './fs-watcher.js';
import { pathBelow } from './ignore.js';
import { BatchRunner } from './runner.js';
import { prepareWatch, type WatchSetup } from './setup.js';
import type { WatchEvent } from './types.js';

export interface WatchOptions extends BatcherOptions {
  /** Services to watch; empty or absent = every service with `develop.watch`. */
  readonly services?: readonly string[];
  /** What `rebuild` does; default `rebuildThroughUp` (build, then `up --no-deps --force-recreate`). */
  readonly rebuild?: RebuildService;
  /**
   * `--prune`: after a rebuild, remove the service's previous image when the
   * rebuild left it dangling (untagged) and no container uses it. Default true,
   * as Docker Compose's `watch`. Applies to the default `rebuild` only.
   */
  readonly prune?: boolean;
  /** Executor events of rebuilds and restarts (progress of the plans they run). */
  readonly onExecutorEvent?: (event: ExecutorEvent) => void;
  readonly onEvent?: (event: WatchEvent) => void;
  /** Aborting stops watching (as `stop()`). */
  readonly signal?: AbortSignal;
  /** Poll the file system instead of inotify (network or VM-shared file systems). */
  readonly usePolling?: boolean;
  readonly timers?: Timers;
}

export interface WatchHandle {
  /** The services being watched. */
  readonly services: readonly string[];
  /** The host paths being watched. */
  readonly paths: readonly string[];
  /** Events from now on, until the session stops or `signal` aborts. */
  events(signal?: AbortSignal): AsyncIterable<WatchEvent>;
  /** Resolves when every batch reported so far has been handled (tests, benchmarks). */
  idle(): Promise<void>;
  /** Stops watching; what is being handled finishes first. */
  stop(): Promise<void>;
  /** Resolves once the session has stopped. */
  readonly done: Promise<void>;
}

function combinedIgnore(setup: WatchSetup) {
  return (path: string, stats?: { isDirectory(): boolean }) => {
    const covering = setup.rules.filter(({ rule }) => pathBelow(rule.path, path) !== undefined);
    if (covering.length === 0) return false;
    // A file no rule takes is not worth an event; a directory only when nothing below it can count.
    if (stats !== undefined && !stats.isDirectory())
      return covering.every(({ filter }) => !filter.accepts(path));
    return covering.every(({ filter }) => filter.prunes(path));
  };
}

export async function watch(
  project: Project,
  engine: Engine,
  options: WatchOptions = {},
): Promise<WatchHandle> {
  const setup = await prepareWatch(project, options.services ?? []);
  const listeners = new Set<(event: WatchEvent | undefined) => void>();
  const emit = (event: WatchEvent) => {
    options.onEvent?.(event);
    for (const listener of listeners) listener(event);
  };
  for (const warning of setup.warnings)
    emit({ type: 'warning', service: warning.service, message: warning.message });

  const controller = new AbortController();
  const runner = new BatchRunner({
    project,
    engine,
    setup,
    emit,
    signal: controller.signal,
    rebuild:
      options.rebuild ??
      rebuildThroughUp(project, engine, {
        prune: options.prune ?? true,
        ...(options.onExecutorEvent !== undefined ? { onEvent: options.onExecutorEvent } : {}),
        onWarning: (service, message) => emit({ type: 'warning', service, message }),
      }),
  });
  // One thing at a time: batches and re-syncs never overlap, so a container's bookkeeping stays simple.
  let tail: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    tail = tail
      .then(task)
      .catch((error: unknown) =>
        emit({ type: 'error', action: 'watch', message: (error as Error).message }),
      );
  };

  const watched = new Set(setup.services);
  const onEngineEvent = (event: EngineEvent) => {
    if (event.type !== 'container') return;
    const service = event.attributes[Label.service];
    if (service === undefined || !watched.has(service)) return;
    if ((event.attributes[Label.oneoff] ?? '').toLowerCase() === 'true') return;
    if (event.action === 'destroy') enqueue(async () => runner.forget(event.id));
    if (event.action !== 'start') return;
    const container = { id: event.id, name: event.attributes['name'] ?? event.id.slice(0, 12) };
    enqueue(() => runner.resync(service, container));
  };
  // From a second back, so a start between this subscription and the baseline is not missed
  // (a start already baselined re-syncs nothing).
  const since = Math.floor(Date.now() / 1000) - 1;
  const followEvents = (async () => {
    try {
      for await (const event of engine.events({ project: project.name, since }, controller.signal))
        onEngineEvent(event);
    } catch (error) {
      if (!controller.signal.aborted)
        emit({
          type: 'warning',
          message: `lost the engine's event stream (${(error as Error).message}): containers started from now on are not re-synced`,
        });
    }
  })();

  enqueue(async () => {
    await runner.baseline();
    await runner.initialSync();
  });
  const batcher = createBatcher(
    (paths) => enqueue(() => runner.handleBatch(paths)),
    options,
    options.timers,
  );
  const accepts = (path: string) => setup.rules.some(({ filter }) => filter.accepts(path));
  const files = watchFiles(setup.roots, {
    ignored: combinedIgnore(setup),
    onPath: (path, directory) => {
      if (accepts(path)) batcher.add(path, directory);
    },
    onError: (error) => emit({ type: 'error', action: 'watch', message: error.message }),
    ...(options.usePolling !== undefined ? { usePolling: options.usePolling } : {}),
  });

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      batcher.close();
      await files.close();
      await tail;
      controller.abort();
      await followEvents;
      emit({ type: 'stopped' });
      for (const listener of listeners) listener(undefined);
      resolveDone();
    })();
    return stopping;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });

  await files.ready;
  await tail;
  emit({ type: 'ready', services: setup.services, paths: setup.roots });

  return {
    services: setup.services,
    paths: setup.roots,
    events: (signal) => subscribe(listeners, signal, stopping !== undefined),
    idle: async () => {
      // A batch may be waiting for its quiet period: flush it, then wait for the queue.
      batcher.flush();
      await tail;
    },
    stop,
    done,
  };
}

/**
 * Subscribes now (not at the first `next()`, as a plain async generator
 * would), so no event between the call and the loop is lost.
 */
function subscribe(
  listeners: Set<(event: WatchEvent | undefined) => void>,
  signal: AbortSignal | undefined,
  ended: boolean,
): AsyncIterable<WatchEvent> {
  const queue: (WatchEvent | undefined)[] = ended ? [undefined] : [];
  let wake: (() => void) | undefined;
  const listener = (event: WatchEvent | undefined) => {
    queue.push(event);
    wake?.();
  };
  const onAbort = () => wake?.();
  if (!ended) listeners.add(listener);
  signal?.addEventListener('abort', onAbort);
  async function* drain(): AsyncGenerator<WatchEvent, void, undefined> {
    try {
      while (!signal?.aborted) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const event = queue.shift();
        if (event === undefined) return;
        yield event;
      }
    } finally {
      listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }
  return drain();
}
