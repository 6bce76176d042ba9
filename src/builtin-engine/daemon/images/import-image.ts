/**
 * `POST /images/create?fromSrc=-` (`docker import`): a root file system tar
 * (plain, gzip or zstd) becomes a one-layer image. The layer is stored
 * uncompressed, so its digest is its diff id; the config carries the
 * `--change` instructions, the message as comment (Docker's default
 * "Imported from -"), and this machine's platform.
 */
import { Readable } from 'node:stream';
import { parseImageReference } from '../../../images/reference.js';
import { decompressed } from '../../layers/decompress.js';
import { EngineApiError } from '../../ports.js';
import { hostPlatform } from '../../registry/index.js';
import { MediaType, type ImageManifest, type ImageStore } from '../../store/index.js';
import type { Digest } from '../../digest.js';
import { applyChanges } from './image-changes.js';

export interface ImportOptions {
  readonly repo?: string;
  readonly tag?: string;
  readonly changes: readonly string[];
  readonly message?: string;
}

/** The reference an import is stored under: repo[:tag], `latest` by default; none without repo. */
export function importReference(options: ImportOptions): string | undefined {
  const repo = options.repo?.trim() ?? '';
  if (repo === '') return undefined;
  const parsed = parseImageReference(repo);
  const tag = options.tag?.trim() ?? '';
  if (tag !== '') return `${parsed.name}:${tag}`;
  return parsed.tag !== undefined || parsed.digest !== undefined ? repo : `${parsed.name}:latest`;
}

export async function importRootfs(
  store: ImageStore,
  source: Readable,
  options: ImportOptions,
  now: Date,
): Promise<{ id: Digest; reference: string | undefined }> {
  // Everything that can be refused is checked before the upload is read.
  const config = applyChanges(options.changes);
  const reference = importReference(options);
  const lease = store.lease();
  try {
    const layer = await store.blobs.write(Readable.from(decompressed(source)));
    lease.hold(layer.digest);
    if (layer.size === 0) throw new EngineApiError(400, 'the imported file system is empty');
    const created = now.toISOString();
    const comment =
      options.message !== undefined && options.message !== '' ? options.message : 'Imported from -';
    const platform = hostPlatform();
    const imageConfig = {
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant !== undefined ? { variant: platform.variant } : {}),
      created,
      comment,
      config,
      rootfs: { type: 'layers', diff_ids: [layer.digest] },
      history: [{ created, comment }],
    };
    const configBlob = await store.blobs.write(JSON.stringify(imageConfig));
    lease.hold(configBlob.digest);
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, ...configBlob },
      layers: [{ mediaType: MediaType.ociLayer, ...layer }],
    };
    const stored = await store.putImage({
      manifest,
      references: reference === undefined ? [] : [reference],
    });
    return { id: stored.id, reference };
  } finally {
    lease.release();
  }
}
