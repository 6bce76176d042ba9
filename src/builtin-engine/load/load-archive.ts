/**
 * `docker load` / `POST /images/load`: an image archive into the store. The
 * archive is read once (stage-archive.ts), its images found
 * (archive-images.ts), then each image is checked before anything is named:
 * files under `blobs/sha256/<hex>` must hash to <hex>, plain layer tars must
 * hash to the config's diff ids (compressed ones are checked when unpacked),
 * and the config must list one diff id per layer. Only then are the blobs
 * committed and the references set; a failure leaves the index untouched.
 */
import type { Readable } from 'node:stream';
import { isDigest, type Digest } from '../digest.js';
import type { Compression } from '../layers/decompress.js';
import { ImageStoreError } from '../store/errors.js';
import type { ImageStore, Lease } from '../store/image-store.js';
import { MediaType, type ImageConfig, type ImageManifest } from '../store/oci-types.js';
import { familiarReference, normalizeReference } from '../store/references.js';
import {
  imagesFromDockerManifest,
  imagesFromOciIndex,
  type ArchiveImage,
} from './archive-images.js';
import { ImageLoadError, invalidArchive } from './errors.js';
import { stageArchive, type StagedArchive, type StagedFile } from './stage-archive.js';

export interface LoadedImage {
  /** The config digest: Docker's image id. */
  readonly id: Digest;
  /** As `docker images` shows them (`busybox:latest`); empty for an untagged image. */
  readonly references: readonly string[];
}

const LAYER_MEDIA_TYPE: Readonly<Record<Compression, string>> = {
  none: MediaType.ociLayer,
  gzip: MediaType.ociLayerGzip,
  zstd: MediaType.ociLayerZstd,
};

function checkNamedBlob(file: StagedFile): void {
  const match = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(file.path);
  if (match !== null && file.digest !== `sha256:${match[1]}`) {
    throw new ImageLoadError(
      'digest-mismatch',
      `archive file ${file.path} hashes to ${file.digest}: it is damaged or not what its name says`,
    );
  }
}

function parseConfig(image: ArchiveImage): ImageConfig {
  let config: ImageConfig;
  try {
    config = JSON.parse(image.config.content?.toString('utf8') ?? '') as ImageConfig;
  } catch (error) {
    throw invalidArchive(`image config ${image.config.path} is not valid JSON`, error);
  }
  const diffIds = config.rootfs?.diff_ids;
  if (
    !Array.isArray(diffIds) ||
    !diffIds.every(isDigest) ||
    diffIds.length !== image.layers.length
  ) {
    throw invalidArchive(
      `image config ${image.config.path} must list one sha256 diff id per layer (${image.layers.length} layers)`,
    );
  }
  return config;
}

function checkLayers(image: ArchiveImage, config: ImageConfig): void {
  image.layers.forEach((layer, index) => {
    const expected = config.rootfs.diff_ids[index];
    if (layer.compression === 'none' && layer.digest !== expected) {
      throw new ImageLoadError(
        'digest-mismatch',
        `layer ${layer.path} of ${image.references[0] ?? image.config.path} hashes to ${layer.digest}, but the image config lists ${expected}`,
      );
    }
  });
}

function synthesizedManifest(image: ArchiveImage): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: {
      mediaType: MediaType.ociConfig,
      digest: image.config.digest,
      size: image.config.size,
    },
    layers: image.layers.map((layer) => ({
      mediaType: LAYER_MEDIA_TYPE[layer.compression],
      digest: layer.digest,
      size: layer.size,
    })),
  };
}

async function storeImage(
  store: ImageStore,
  staged: StagedArchive,
  lease: Lease,
  image: ArchiveImage,
): Promise<LoadedImage> {
  const files = [image.config, ...image.layers, ...(image.manifest ? [image.manifest] : [])];
  files.forEach(checkNamedBlob);
  checkLayers(image, parseConfig(image));
  // Bad references are refused before any blob is committed.
  const references = image.references.map(validReference);
  for (const file of [image.config, ...image.layers]) {
    lease.hold(file.digest);
    await staged.commit(file, {
      digest: file.digest,
      size: file.size,
      what: `archive file ${file.path}`,
    });
  }
  const stored = await store.putImage({
    manifest: image.manifest?.content ?? synthesizedManifest(image),
    references,
  });
  return { id: stored.id, references: references.map(familiarReference) };
}

function validReference(reference: string): string {
  try {
    return normalizeReference(reference);
  } catch (error) {
    if (error instanceof ImageStoreError) throw invalidArchive(error.message, error);
    throw error;
  }
}

/** Loads every image of the archive; returns them in archive order. */
export async function loadImageArchive(
  store: ImageStore,
  source: Readable,
): Promise<LoadedImage[]> {
  const staged = await stageArchive(source, store.blobs);
  const lease = store.lease();
  try {
    const dockerManifest = staged.file('manifest.json');
    const ociIndex = staged.file('index.json');
    let images: ArchiveImage[];
    if (dockerManifest !== undefined) images = imagesFromDockerManifest(staged, dockerManifest);
    else if (ociIndex !== undefined) images = imagesFromOciIndex(staged, ociIndex);
    else
      throw invalidArchive(
        'it has neither manifest.json (docker save) nor index.json (OCI layout)',
      );
    const loaded: LoadedImage[] = [];
    for (const image of images) loaded.push(await storeImage(store, staged, lease, image));
    return loaded;
  } finally {
    lease.release();
    await staged.discard();
  }
}

/** The lines `POST /images/load` streams (`{"stream": …}`), as the Engine words them. */
export function loadMessages(images: readonly LoadedImage[]): string[] {
  return images.flatMap((image) =>
    image.references.length > 0
      ? image.references.map((reference) => `Loaded image: ${reference}\n`)
      : [`Loaded image ID: ${image.id}\n`],
  );
}
