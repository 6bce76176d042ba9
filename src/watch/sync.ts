/**
 * Copies collected changes into containers: removals first (`rm -rf` through
 * exec, the archive API has no delete), then one tar stream extracted at `/`
 * with the archive's owners kept (as `docker cp -a`, and as Docker Compose's
 * watch does). Containers are done in parallel, at most `concurrency` at a
 * time; every container's failure is collected, none stops the others.
 */
import { Writable } from 'node:stream';
import type { Engine } from '../engine/types.js';
import { packEntries, type CollectedSync } from './tar.js';

export interface SyncContainer {
  readonly id: string;
  readonly name: string;
}

export interface ContainerSyncResult {
  readonly container: SyncContainer;
  /** True when the files arrived (removal problems are reported separately in `error`). */
  readonly copied: boolean;
  readonly error?: Error;
}

/** Runs `task` over `items`, at most `limit` at a time, results in input order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8').trim() };
}

async function removeIn(engine: Engine, id: string, paths: readonly string[]): Promise<void> {
  const stderr = collector();
  const { exitCode } = await engine.exec(id, {
    command: ['rm', '-rf', '--', ...paths],
    user: '0',
    stderr: stderr.stream,
  });
  if (exitCode !== 0)
    throw new Error(
      `removing ${paths.length} path(s) failed (rm exited ${exitCode}): ${stderr.text()}`,
    );
}

async function syncOne(
  engine: Engine,
  container: SyncContainer,
  changes: CollectedSync,
): Promise<ContainerSyncResult> {
  let removalError: Error | undefined;
  if (changes.removed.length > 0) {
    try {
      await removeIn(engine, container.id, changes.removed);
    } catch (error) {
      removalError = error as Error;
    }
  }
  if (changes.entries.length > 0) {
    try {
      await engine.putArchive(container.id, '/', packEntries(changes.entries), {
        copyUidGid: true,
      });
    } catch (error) {
      return { container, copied: false, error: error as Error };
    }
  }
  return { container, copied: true, ...(removalError ? { error: removalError } : {}) };
}

export function syncToContainers(
  engine: Engine,
  containers: readonly SyncContainer[],
  changes: CollectedSync,
  concurrency = 16,
): Promise<ContainerSyncResult[]> {
  return inParallel(containers, concurrency, (container) => syncOne(engine, container, changes));
}
