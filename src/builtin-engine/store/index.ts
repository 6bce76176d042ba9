export { BlobStore, type BlobInfo, type Expected, type Ingest } from './blobs.js';
export { ImageStoreError, type StoreErrorCode } from './errors.js';
export { ImageStore, type Lease, type PutImageRequest, type StoredImage } from './image-store.js';
export * from './oci-types.js';
export { familiarReference, isDigestReference, normalizeReference } from './references.js';
export type { RemovalOptions, RemovedItem } from './removal.js';
