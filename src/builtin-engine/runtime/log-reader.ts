/**
 * Reads a container's k8s-file log for `docker logs` and attach: what is
 * there (tail, since/until, streams), then, when following, what conmon
 * appends, until the caller aborts or `finished` says the container's
 * output is complete (conmon drains the pipes and syncs the log before it
 * writes the exit file, so after that one last read gets everything).
 * New data is noticed through fs.watch, with a poll as the fallback
 * (watches can miss events on some file systems, and the file may not
 * exist yet).
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { LogQuery, OutputChunk } from '../ports.js';
import {
  LineAssembler,
  inWindow,
  pastWindow,
  secondsToNs,
  selectEntries,
  splitRecords,
  toChunk,
  wanted,
  type LogEntry,
  type LogWindow,
} from './k8s-log.js';

/** How often a follower looks again when no watch event came. */
const POLL_MS = 250;

export interface ReadLogOptions {
  /** Resolves true once no more output will come (the container exited). */
  readonly finished?: () => Promise<boolean>;
  readonly pollMs?: number;
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  return open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** Reads from `offset` to the current end of the file. */
async function readFrom(file: FileHandle, offset: number): Promise<Buffer> {
  const { size } = await file.stat();
  if (size <= offset) return Buffer.alloc(0);
  const buffer = Buffer.alloc(size - offset);
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await file.read(buffer, done, buffer.length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** A change notifier: fs.watch events or the poll interval, whichever first; abort wakes it too. */
class ChangeWaiter {
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  private changed = false;

  constructor(
    private readonly path: string,
    private readonly pollMs: number,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts watching once the file exists (watch fails on a missing path). */
  ensureWatching(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.path, { persistent: false }, () => this.notify());
      this.watcher.on('error', () => undefined);
    } catch {
      this.watcher = undefined;
    }
  }

  private notify(): void {
    this.changed = true;
    this.wake?.();
  }

  async wait(): Promise<void> {
    if (this.changed) {
      this.changed = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.changed = false;
  }

  close(): void {
    this.watcher?.close();
  }
}

export async function* readLogFile(
  logPath: string,
  query: LogQuery,
  signal: AbortSignal,
  options: ReadLogOptions = {},
): AsyncGenerator<OutputChunk> {
  const window: LogWindow = {
    sinceNs: secondsToNs(query.since),
    untilNs: secondsToNs(query.until),
  };
  const assembler = new LineAssembler();
  let file = await openIfExists(logPath);
  let offset = 0;
  let rest: Buffer = Buffer.alloc(0);

  /** Complete entries from what was appended since the last read. */
  const readMore = async (): Promise<LogEntry[]> => {
    file ??= await openIfExists(logPath);
    if (!file) return [];
    const bytes = await readFrom(file, offset);
    offset += bytes.length;
    const split = splitRecords(rest.length > 0 ? Buffer.concat([rest, bytes]) : bytes);
    rest = split.rest;
    return assembler.push(split.records);
  };

  const waiter = new ChangeWaiter(logPath, options.pollMs ?? POLL_MS, signal);
  try {
    // What is there now; without follow, unterminated pieces are shown as they are.
    const existing = await readMore();
    if (!query.follow) existing.push(...assembler.flush());
    for (const entry of selectEntries(existing, query, window)) yield toChunk(entry);
    if (!query.follow || existing.some((entry) => pastWindow(entry, window))) return;

    let quietRounds = 0;
    while (!signal.aborted) {
      const finished = (await options.finished?.()) ?? false;
      const fresh = await readMore();
      // A piece without newline is shown once the writer has paused (a prompt), not held forever.
      if (finished || (fresh.length === 0 && quietRounds > 0)) fresh.push(...assembler.flush());
      quietRounds = fresh.length === 0 ? quietRounds + 1 : 0;
      for (const entry of fresh) {
        if (pastWindow(entry, window)) return;
        if (inWindow(entry, window) && wanted(entry, query)) yield toChunk(entry);
      }
      if (finished) return;
      if (file) waiter.ensureWatching();
      await waiter.wait();
    }
  } finally {
    waiter.close();
    await file?.close();
  }
}
