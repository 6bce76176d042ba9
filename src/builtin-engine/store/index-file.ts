/**
 * index.json: the store's table of references. One entry per reference, plus
 * one unnamed entry for each image that has none (a "dangling" `<none>` image,
 * e.g. after its tag moved to a newer image). Invariant: a manifest has either
 * named entries or exactly one unnamed entry, never both.
 *
 * The functions over entries are pure; `readIndex`/`writeIndex` are the I/O,
 * and writing goes through a temp file and rename so a crash never leaves a
 * half-written index.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDigest, type Digest } from '../digest.js';
import { ImageStoreError } from './errors.js';
import { Annotation, MediaType, type Descriptor, type ImageIndex } from './oci-types.js';

export interface ManifestRef {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
}

export interface IndexEntry {
  /** Fully qualified reference; undefined for an untagged image. */
  readonly reference?: string;
  readonly manifest: ManifestRef;
}

export function entriesOfManifest(entries: readonly IndexEntry[], digest: Digest): IndexEntry[] {
  return entries.filter((entry) => entry.manifest.digest === digest);
}

/** Keeps the invariant: a manifest left without entries becomes one unnamed entry. */
function keepDangling(before: readonly IndexEntry[], after: IndexEntry[]): IndexEntry[] {
  for (const entry of before) {
    if (entriesOfManifest(after, entry.manifest.digest).length === 0) {
      after.push({ manifest: entry.manifest });
    }
  }
  return after;
}

/** Points `reference` at `manifest` (a moved tag leaves its old image dangling, as Docker does). */
export function setReference(
  entries: readonly IndexEntry[],
  reference: string,
  manifest: ManifestRef,
): IndexEntry[] {
  const rest = entries.filter(
    (entry) =>
      entry.reference !== reference &&
      !(entry.reference === undefined && entry.manifest.digest === manifest.digest),
  );
  return keepDangling(entries, [...rest, { reference, manifest }]);
}

/** Records an image that has no reference, unless it is already known. */
export function addUntagged(entries: readonly IndexEntry[], manifest: ManifestRef): IndexEntry[] {
  if (entriesOfManifest(entries, manifest.digest).length > 0) return [...entries];
  return [...entries, { manifest }];
}

function tagOf(reference: string): string | undefined {
  if (reference.includes('@')) return undefined;
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? reference.slice(colon + 1) : undefined;
}

function toDescriptor(entry: IndexEntry): Descriptor {
  const tag = entry.reference !== undefined ? tagOf(entry.reference) : undefined;
  const annotations: Record<string, string> = {};
  if (entry.reference !== undefined) annotations[Annotation.imageName] = entry.reference;
  if (tag !== undefined) annotations[Annotation.refName] = tag;
  return {
    ...entry.manifest,
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

function fromDescriptor(descriptor: Descriptor, file: string): IndexEntry {
  if (!isDigest(descriptor.digest) || typeof descriptor.size !== 'number') {
    throw new ImageStoreError('corrupt', `${file}: an entry has no valid sha256 digest and size`);
  }
  const manifest = {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
  };
  const reference = descriptor.annotations?.[Annotation.imageName];
  return reference !== undefined ? { reference, manifest } : { manifest };
}

export async function readIndex(file: string): Promise<IndexEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let index: ImageIndex;
  try {
    index = JSON.parse(text) as ImageIndex;
  } catch (error) {
    throw new ImageStoreError('corrupt', `${file} is not valid JSON`, { cause: error });
  }
  if (!Array.isArray(index.manifests)) {
    throw new ImageStoreError('corrupt', `${file} has no "manifests" list`);
  }
  return index.manifests.map((descriptor) => fromDescriptor(descriptor, file));
}

export async function writeIndex(file: string, entries: readonly IndexEntry[]): Promise<void> {
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: entries.map(toDescriptor),
  };
  const temp = join(file, '..', `.index.json.${randomBytes(6).toString('hex')}`);
  await writeFile(temp, `${JSON.stringify(index, null, 2)}\n`, { mode: 0o644 });
  await rename(temp, file);
}
