/**
 * Every layer of an image unpacked once, as a directory overlay can use as a
 * lower dir: `<root>/layers/<diffId hex>/`. Keyed by diff id (the uncompressed
 * tar), so the same layer pulled in two compressions, or shared by two
 * images, is one directory.
 *
 * Concurrency: unpackLayer writes into a private `<target>.partial-<random>`
 * and renames it into place only when complete, so a directory at the target
 * path is always a whole, verified layer. Two unpacks of the same layer (two
 * engines, or two calls here) both do the work and one rename loses; the loser
 * finds the target there and takes it as success. Within this process an
 * in-flight map saves the duplicate work.
 */
import { lstat } from 'node:fs/promises';
import type { Digest } from '../digest.js';
import { unpackLayer } from '../layers/index.js';
import type { ImageStore } from '../store/index.js';
import { SnapshotError } from './errors.js';
import { layerDir } from './layout.js';

const inFlight = new Map<string, Promise<string>>();

async function isDirectory(path: string): Promise<boolean> {
  const stats = await lstat(path).catch(() => undefined);
  return stats?.isDirectory() === true;
}

async function unpackOnce(
  store: ImageStore,
  blob: Digest,
  diffId: Digest,
  target: string,
): Promise<string> {
  if (await isDirectory(target)) return target;
  try {
    await unpackLayer(store.blobs.openRead(blob), { target, layer: blob, expectedDiffId: diffId });
  } catch (error) {
    // `target-exists`, or the final rename losing to a concurrent unpack: the layer is there.
    if (await isDirectory(target)) return target;
    throw error;
  }
  return target;
}

function ensureLayer(
  store: ImageStore,
  blob: Digest,
  diffId: Digest,
  root: string,
): Promise<string> {
  const target = layerDir(root, diffId);
  let pending = inFlight.get(target);
  if (pending === undefined) {
    pending = unpackOnce(store, blob, diffId, target).finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  return pending;
}

/**
 * Makes sure each layer of `imageRef` is unpacked under `<root>/layers/`
 * (missing ones in parallel) and returns the lower dirs, top layer first, as
 * overlay's `lowerdir` wants them. Rejects with the first layer's error
 * (LayerUnpackError) only after every unpack has settled, so no partial work
 * is still running when the caller sees the failure.
 */
export async function layerDirs(
  store: ImageStore,
  imageRef: string,
  root: string,
): Promise<string[]> {
  const image = await store.inspect(imageRef);
  const { layers } = image.manifest;
  const diffIds = image.config.rootfs.diff_ids;
  if (layers.length !== diffIds.length || layers.length === 0) {
    throw new SnapshotError(
      'bad-image',
      `image ${imageRef}`,
      store.root,
      layers.length === 0
        ? 'the image has no layers'
        : `the manifest lists ${layers.length} layers but the config ${diffIds.length} diff ids`,
    );
  }
  const results = await Promise.allSettled(
    layers.map((layer, index) => ensureLayer(store, layer.digest, diffIds[index] as Digest, root)),
  );
  const dirs: string[] = [];
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
    dirs.push(result.value);
  }
  return dirs.reverse();
}
