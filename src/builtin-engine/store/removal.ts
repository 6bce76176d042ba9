/**
 * What `DELETE /images/{name}` does, decided without I/O. Docker's rules:
 * - by reference: the reference goes (`Untagged`); the image goes too
 *   (`Deleted`) when that was its last reference;
 * - by id (full or an unambiguous hex prefix): every reference goes, but only
 *   with `force` when there are several;
 * - an image a container uses is not deleted: without `force` that is a
 *   conflict, with `force` its references go and it stays as `<none>`.
 * Blobs are refcounted by reachability: a blob is deleted only when no
 * remaining index entry's manifest reaches it.
 */
import { shortId, type Digest } from '../digest.js';
import { ImageStoreError, imageNotFound } from './errors.js';
import type { IndexEntry } from './index-file.js';
import { familiarReference, normalizeReference, parseIdQuery } from './references.js';

export interface ManifestFacts {
  /** The config digest: Docker's image id. */
  readonly imageId: Digest;
  /** The config and layer blobs the manifest points at. */
  readonly blobs: readonly Digest[];
}

export type RemovedItem = { readonly untagged: string } | { readonly deleted: Digest };

export interface RemovalOptions {
  readonly force?: boolean;
  /** Whether a container uses the image (containers are not the store's business). */
  readonly inUse?: (imageId: Digest) => boolean;
}

export interface RemovalPlan {
  readonly entries: IndexEntry[];
  readonly items: RemovedItem[];
  /** Blobs nothing reaches any more: manifests, configs, layers. */
  readonly unreferenced: Digest[];
}

type Target =
  | { readonly kind: 'reference'; readonly reference: string; readonly imageId: Digest }
  | { readonly kind: 'id'; readonly imageId: Digest };

function findTarget(
  entries: readonly IndexEntry[],
  facts: (manifest: Digest) => ManifestFacts,
  name: string,
): Target {
  const idQuery = parseIdQuery(name);
  const ids = [...new Set(entries.map((entry) => facts(entry.manifest.digest).imageId))];
  if (idQuery?.kind === 'full') {
    if (ids.includes(idQuery.id)) return { kind: 'id', imageId: idQuery.id };
    throw imageNotFound(name);
  }
  let reference: string | undefined;
  try {
    reference = normalizeReference(name);
  } catch (error) {
    if (idQuery === undefined) throw error;
  }
  const named = entries.find((entry) => reference !== undefined && entry.reference === reference);
  if (named !== undefined && reference !== undefined) {
    return { kind: 'reference', reference, imageId: facts(named.manifest.digest).imageId };
  }
  if (idQuery?.kind === 'prefix') {
    const matches = ids.filter((id) => id.startsWith(`sha256:${idQuery.hexPrefix}`));
    if (matches.length > 1) {
      throw new ImageStoreError('invalid', `image id prefix "${name}" is ambiguous`);
    }
    if (matches[0] !== undefined) return { kind: 'id', imageId: matches[0] };
  }
  throw imageNotFound(name);
}

export function planRemoval(
  entries: readonly IndexEntry[],
  facts: (manifest: Digest) => ManifestFacts,
  name: string,
  options: RemovalOptions = {},
): RemovalPlan {
  const force = options.force ?? false;
  const target = findTarget(entries, facts, name);
  const ofImage = entries.filter(
    (entry) => facts(entry.manifest.digest).imageId === target.imageId,
  );
  const removed =
    target.kind === 'reference'
      ? ofImage.filter((entry) => entry.reference === target.reference)
      : ofImage;
  const named = removed.filter((entry) => entry.reference !== undefined);
  if (target.kind === 'id' && named.length > 1 && !force) {
    throw new ImageStoreError(
      'conflict',
      `conflict: unable to delete ${shortId(target.imageId)} (must be forced) - image is referenced in multiple repositories`,
    );
  }
  const remaining = entries.filter((entry) => !removed.includes(entry));
  const imageGoes = !remaining.some(
    (entry) => facts(entry.manifest.digest).imageId === target.imageId,
  );
  const items: RemovedItem[] = named.map((entry) => ({
    untagged: familiarReference(entry.reference as string),
  }));
  if (imageGoes && options.inUse?.(target.imageId) === true) {
    if (!force) {
      throw new ImageStoreError(
        'conflict',
        `conflict: unable to remove image ${name} (must be forced) - image ${shortId(target.imageId)} is used by a container`,
      );
    }
    // Forced: the references go, the content stays for the container, as `<none>`.
    const first = removed[0] as IndexEntry;
    return { entries: [...remaining, { manifest: first.manifest }], items, unreferenced: [] };
  }
  if (imageGoes) items.push({ deleted: target.imageId });
  return { entries: remaining, items, unreferenced: unreachable(removed, remaining, facts) };
}

/** Blobs of the removed entries' manifests that no remaining manifest reaches. */
function unreachable(
  removed: readonly IndexEntry[],
  remaining: readonly IndexEntry[],
  facts: (manifest: Digest) => ManifestFacts,
): Digest[] {
  const live = new Set<Digest>();
  for (const entry of remaining) {
    live.add(entry.manifest.digest);
    for (const blob of facts(entry.manifest.digest).blobs) live.add(blob);
  }
  const candidates = new Set<Digest>();
  for (const entry of removed) {
    candidates.add(entry.manifest.digest);
    for (const blob of facts(entry.manifest.digest).blobs) candidates.add(blob);
  }
  return [...candidates].filter((digest) => !live.has(digest));
}
