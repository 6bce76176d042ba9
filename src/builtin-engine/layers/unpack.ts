/**
 * Unpacks one image layer (plain, gzip or zstd tar) into its own directory,
 * ready to be an overlayfs lower dir, and computes its diff id (the sha256 of
 * the uncompressed tar) in the same pass.
 *
 * All or nothing: entries go into `<target>.partial-<random>`, which is renamed
 * to `target` only when the whole tar was read, every entry was accepted and
 * the diff id matched; on any failure the partial directory is removed.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { DigestingStream, type Digest } from '../digest.js';
import { decompressed, UnsupportedCompressionError } from './decompress.js';
import { LayerUnpackError } from './errors.js';
import { DeferredDirectories } from './metadata.js';
import { LayerTree, UnsafePathError } from './safe-path.js';
import { SpecialFileError, commandSpecialFiles, type SpecialFiles } from './special-files.js';
import { UnsupportedEntryError, writeEntry, type EntryContext } from './write-entry.js';

export interface UnpackOptions {
  /** The directory to create; it must not exist yet (its parent is created if missing). */
  readonly target: string;
  /** Names the layer in errors: its blob digest (or a file name). */
  readonly layer: string;
  /** When given, the unpack fails unless the uncompressed tar hashes to it. */
  readonly expectedDiffId?: Digest;
  /** mknod/setxattr; defaults to the child-process implementation. */
  readonly specialFiles?: SpecialFiles;
  /** chown entries to the archive's uid/gid; defaults to "running as root". */
  readonly preserveOwnership?: boolean;
}

export interface UnpackResult {
  readonly diffId: Digest;
  /** Bytes of the uncompressed tar. */
  readonly size: number;
  readonly entries: number;
}

function toLayerError(error: unknown, layer: string, entry: string | undefined): LayerUnpackError {
  if (error instanceof LayerUnpackError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof UnsafePathError)
    return new LayerUnpackError('unsafe-path', layer, entry, reason);
  if (error instanceof UnsupportedEntryError) {
    return new LayerUnpackError('unsupported-entry', layer, entry, reason);
  }
  if (error instanceof SpecialFileError)
    return new LayerUnpackError('special-file', layer, entry, reason);
  if (error instanceof UnsupportedCompressionError) {
    return new LayerUnpackError('compression', layer, undefined, reason);
  }
  const where = entry === undefined ? 'reading the archive' : `writing "${entry}"`;
  return new LayerUnpackError('bad-archive', layer, undefined, `${where} failed: ${reason}`, {
    cause: error,
  });
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}

export async function unpackLayer(source: Readable, options: UnpackOptions): Promise<UnpackResult> {
  if (await exists(options.target)) {
    throw new LayerUnpackError(
      'target-exists',
      options.layer,
      undefined,
      `${options.target} already exists`,
    );
  }
  const partial = `${options.target}.partial-${randomBytes(6).toString('hex')}`;
  await mkdir(dirname(partial), { recursive: true });
  await mkdir(partial, { mode: 0o755 });
  const context: EntryContext = {
    tree: new LayerTree(partial),
    directories: new DeferredDirectories(),
    special: options.specialFiles ?? commandSpecialFiles(),
    ownership: options.preserveOwnership ?? process.getuid?.() === 0,
  };
  const digesting = new DigestingStream();
  const extract = tar.extract();
  const reading = pipeline(Readable.from(decompressed(source)), digesting, extract);
  reading.catch(() => undefined); // awaited below; this only keeps an early failure observed
  let current: string | undefined;
  let entries = 0;
  try {
    for await (const entry of extract) {
      current = entry.header.name;
      await writeEntry(context, entry.header, entry);
      entries += 1;
    }
    current = undefined;
    await reading;
    await context.directories.apply(context.ownership);
    const { digest, size } = digesting.result();
    if (options.expectedDiffId !== undefined && digest !== options.expectedDiffId) {
      throw new LayerUnpackError(
        'diff-id-mismatch',
        options.layer,
        undefined,
        `the uncompressed tar hashes to ${digest}, but the image config expects ${options.expectedDiffId}`,
      );
    }
    await rename(partial, options.target);
    return { diffId: digest, size, entries };
  } catch (error) {
    source.destroy();
    extract.destroy();
    await reading.catch(() => undefined);
    await rm(partial, { recursive: true, force: true });
    throw toLayerError(error, options.layer, current);
  }
}
