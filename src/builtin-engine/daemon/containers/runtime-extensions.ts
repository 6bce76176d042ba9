/**
 * What the runc driver offers beyond the RuntimeDriver port, used when
 * present (duck-typed, so fakes and other drivers without them still work):
 * a log follower that ends when the container's exit is recorded, stdin of a
 * container for attach, and resizing a container's TTY.
 */
import type { Writable } from 'node:stream';
import type { LogQuery, OutputChunk, RuntimeDriver } from '../../ports.js';
import type { ContainerRecord } from './record.js';

export interface StdinAttachment {
  readonly stdin: Writable;
  readonly closed: Promise<void>;
  detach(): void;
}

interface ExtendedRuntime {
  readLogs(
    logPath: string,
    query: LogQuery,
    signal: AbortSignal,
    container?: { id: string; bundleDir: string },
  ): AsyncIterable<OutputChunk>;
  attachStdin?(id: string, bundleDir: string): Promise<StdinAttachment>;
  resize?(id: string, bundleDir: string, size: { height: number; width: number }): Promise<void>;
}

function extended(runtime: RuntimeDriver): ExtendedRuntime {
  return runtime as unknown as ExtendedRuntime;
}

/** The container's recorded output; a follower ends once the container's exit is recorded. */
export function readContainerLogs(
  runtime: RuntimeDriver,
  record: ContainerRecord,
  query: LogQuery,
  signal: AbortSignal,
): AsyncIterable<OutputChunk> {
  return extended(runtime).readLogs(record.logPath, query, signal, {
    id: record.id,
    bundleDir: record.bundleDir,
  });
}

export function canAttachStdin(runtime: RuntimeDriver): boolean {
  return typeof extended(runtime).attachStdin === 'function';
}

export function attachStdin(
  runtime: RuntimeDriver,
  record: ContainerRecord,
): Promise<StdinAttachment> {
  const attach = extended(runtime).attachStdin;
  if (attach === undefined) throw new Error('the runtime driver cannot attach stdin');
  return attach.call(runtime, record.id, record.bundleDir);
}

/** Resizes the container's TTY when the driver can; false when it cannot. */
export async function resizeTty(
  runtime: RuntimeDriver,
  record: ContainerRecord,
  size: { height: number; width: number },
): Promise<boolean> {
  const resize = extended(runtime).resize;
  if (resize === undefined) return false;
  await resize.call(runtime, record.id, record.bundleDir, size);
  return true;
}
