/**
 * Where things live under the store's root. The root is an OCI image layout
 * (image-spec `image-layout.md`) that tools such as skopeo and umoci can read:
 *
 *   <root>/oci-layout              {"imageLayoutVersion": "1.0.0"}
 *   <root>/index.json              one entry per reference (and per untagged image)
 *   <root>/blobs/sha256/<hex>      manifests, configs, layers, by content
 *   <root>/ingest/                 temporary files being written; never read as blobs
 *
 * ingest/ sits on the same file system as blobs/, so a verified temp file
 * becomes a blob by rename(2): a blob path only ever holds complete content.
 */
import { join } from 'node:path';
import { hexOf, type Digest } from '../digest.js';

export const OCI_LAYOUT_VERSION = { imageLayoutVersion: '1.0.0' } as const;

export interface StoreLayout {
  readonly root: string;
  readonly ociLayoutFile: string;
  readonly indexFile: string;
  readonly blobsDir: string;
  readonly ingestDir: string;
}

export function storeLayout(root: string): StoreLayout {
  return {
    root,
    ociLayoutFile: join(root, 'oci-layout'),
    indexFile: join(root, 'index.json'),
    blobsDir: join(root, 'blobs', 'sha256'),
    ingestDir: join(root, 'ingest'),
  };
}

export function blobPath(layout: StoreLayout, digest: Digest): string {
  return join(layout.blobsDir, hexOf(digest));
}
