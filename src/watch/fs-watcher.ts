/**
 * chokidar over the rule paths, reduced to "this path changed": whether it was
 * added, changed or removed is read from the disk when the batch is synced, so
 * event kinds do not matter. Two chokidar defaults are changed for latency:
 * `atomic` (which holds every removal back 100 ms) is off, and chokidar's
 * 50 ms throttle of repeated `change` events, which would drop a second write
 * right after a first one, is made up for by looking at the file again once
 * the throttle has passed and reporting it again if it changed meanwhile.
 *
 * A rule path that does not exist yet is watched for from its nearest existing
 * parent; once it appears it is watched like the others and reported as one
 * new directory (its content is synced whole).
 */
import { existsSync, watch as fsWatch, type FSWatcher, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { watch as chokidarWatch } from 'chokidar';

export interface FileWatcherOptions {
  /** True for paths not to watch at all (pruned directories); `stats` is absent when chokidar does not know yet. */
  readonly ignored: (path: string, stats?: Stats) => boolean;
  /** `directory`: a directory appeared or went (its content's events follow when it appeared). */
  readonly onPath: (path: string, directory: boolean) => void;
  readonly onError: (error: Error) => void;
  /** Poll instead of using inotify (network file systems); default false. */
  readonly usePolling?: boolean;
}

export interface FileWatcher {
  /** Resolves when the initial scan is done: changes from then on are reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Longer than chokidar's change throttle (50 ms). */
const RECHECK_AFTER_MS = 60;

const fingerprint = (s: Stats | undefined) =>
  s === undefined ? 'gone' : `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/**
 * Calls `onCreated` once `path` exists, watching (not recursively) its nearest
 * existing ancestor, one level after another. Returns the cancel function.
 */
export function whenCreated(path: string, onCreated: () => void): () => void {
  let current: FSWatcher | undefined;
  let done = false;
  const arm = () => {
    current?.close();
    current = undefined;
    if (done) return;
    if (existsSync(path)) {
      done = true;
      onCreated();
      return;
    }
    let ancestor = dirname(path);
    while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
    try {
      current = fsWatch(ancestor, { persistent: false }, arm);
      current.on('error', () => undefined);
    } catch {
      return;
    }
    // It may have appeared between the check and the watch.
    if (existsSync(path)) arm();
  };
  arm();
  return () => {
    done = true;
    current?.close();
  };
}

export function watchFiles(paths: readonly string[], options: FileWatcherOptions): FileWatcher {
  const present = paths.filter((path) => existsSync(path));
  const watcher = chokidarWatch(present, {
    ignoreInitial: true,
    atomic: false,
    followSymlinks: false,
    usePolling: options.usePolling ?? false,
    ignored: (path, stats) => options.ignored(path, stats),
  });
  const rechecks = new Map<string, ReturnType<typeof setTimeout>>();
  let closed = false;

  const recheckLater = (path: string, before: Promise<Stats | undefined>) => {
    clearTimeout(rechecks.get(path));
    rechecks.set(
      path,
      setTimeout(() => {
        rechecks.delete(path);
        void Promise.all([before, statOrUndefined(path)]).then(([then, now]) => {
          if (!closed && fingerprint(then) !== fingerprint(now)) options.onPath(path, false);
        });
      }, RECHECK_AFTER_MS),
    );
  };

  watcher.on('all', (event, path) => {
    options.onPath(path, event === 'addDir' || event === 'unlinkDir');
    if (event === 'change') recheckLater(path, statOrUndefined(path));
  });
  watcher.on('error', (error) => options.onError(error as Error));
  // chokidar given nothing to scan may never say it is ready.
  const ready =
    present.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const cancels = paths
    .filter((path) => !present.includes(path))
    .map((path) =>
      whenCreated(path, () => {
        if (closed) return;
        watcher.add(path);
        options.onPath(path, true);
      }),
    );
  return {
    ready,
    async close() {
      closed = true;
      for (const cancel of cancels) cancel();
      for (const timer of rechecks.values()) clearTimeout(timer);
      rechecks.clear();
      await watcher.close();
    },
  };
}
