/**
 * The image store: an OCI layout (see layout.ts) with the operations the
 * Engine API's image endpoints need — put (load, pull), resolve and inspect
 * (`GET /images/{name}/json`), list (`GET /images/json`), tag, remove
 * (`DELETE /images/{name}`). The daemon is its only writer; in-process
 * mutations of index.json are serialized, and blobs written for an image that
 * is not in the index yet are protected from removal by a lease.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Digest } from '../digest.js';
import { BlobStore } from './blobs.js';
import { ImageStoreError, imageNotFound } from './errors.js';
import {
  addUntagged,
  readIndex,
  setReference,
  writeIndex,
  type IndexEntry,
  type ManifestRef,
} from './index-file.js';
import { OCI_LAYOUT_VERSION, storeLayout, type StoreLayout } from './layout.js';
import { MediaType, type ImageConfig, type ImageManifest } from './oci-types.js';
import { normalizeReference } from './references.js';
import {
  planRemoval,
  type ManifestFacts,
  type RemovalOptions,
  type RemovedItem,
} from './removal.js';

export interface StoredImage {
  /** The config digest: Docker's image id. */
  readonly id: Digest;
  readonly config: ImageConfig;
  /** Fully qualified references, sorted; empty for a `<none>` image. */
  readonly references: readonly string[];
  /** The manifest to run from (the first stored), and every manifest with this config. */
  readonly manifest: ImageManifest;
  readonly manifestDigests: readonly Digest[];
  /** Sum of the layer blob sizes. */
  readonly size: number;
}

export interface Lease {
  /** Keeps `digest` from being deleted until `release` (blobs not yet in the index). */
  hold(digest: Digest): void;
  release(): void;
}

export interface PutImageRequest {
  /** The manifest's bytes as received (keeps a pulled manifest's digest), or a document to serialize. */
  readonly manifest: Buffer | ImageManifest;
  /** References to point at it (any form Docker accepts); none stores it untagged. */
  readonly references: readonly string[];
}

interface Mutation {
  readonly entries: IndexEntry[];
  readonly afterWrite?: () => Promise<void>;
}

function parseManifest(bytes: Buffer): ImageManifest {
  let manifest: ImageManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  } catch (error) {
    throw new ImageStoreError('invalid', 'image manifest is not valid JSON', { cause: error });
  }
  if (manifest.config === undefined || !Array.isArray(manifest.layers)) {
    throw new ImageStoreError('invalid', 'image manifest has no config or no layers list');
  }
  return manifest;
}

export class ImageStore {
  readonly blobs: BlobStore;
  private readonly layout: StoreLayout;
  private readonly manifests = new Map<Digest, ImageManifest>();
  private readonly configs = new Map<Digest, ImageConfig>();
  private readonly leases = new Map<Digest, number>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(root: string) {
    this.layout = storeLayout(root);
    this.blobs = new BlobStore(this.layout);
  }

  static async open(root: string): Promise<ImageStore> {
    const store = new ImageStore(root);
    await mkdir(root, { recursive: true });
    await writeFile(store.layout.ociLayoutFile, `${JSON.stringify(OCI_LAYOUT_VERSION)}\n`);
    await store.blobs.init();
    return store;
  }

  get root(): string {
    return this.layout.root;
  }

  lease(): Lease {
    const held: Digest[] = [];
    return {
      hold: (digest) => {
        held.push(digest);
        this.leases.set(digest, (this.leases.get(digest) ?? 0) + 1);
      },
      release: () => {
        for (const digest of held.splice(0)) {
          const count = (this.leases.get(digest) ?? 1) - 1;
          if (count > 0) this.leases.set(digest, count);
          else this.leases.delete(digest);
        }
      },
    };
  }

  /** Stores the manifest (its config and layers must already be blobs) and points the references at it. */
  async putImage(request: PutImageRequest): Promise<StoredImage> {
    const bytes = Buffer.isBuffer(request.manifest)
      ? request.manifest
      : Buffer.from(JSON.stringify(request.manifest));
    const manifest = parseManifest(bytes);
    for (const blob of [manifest.config, ...manifest.layers]) {
      const size = await this.blobs.size(blob.digest);
      if (size !== blob.size) {
        throw new ImageStoreError(
          'invalid',
          `manifest refers to blob ${blob.digest} (${blob.size} bytes) which is ${size === undefined ? 'not in the store' : `${size} bytes in the store`}`,
        );
      }
    }
    const references = request.references.map(normalizeReference);
    const lease = this.lease();
    try {
      const info = await this.blobs.write(bytes);
      lease.hold(info.digest);
      const ref: ManifestRef = {
        mediaType: manifest.mediaType ?? MediaType.ociManifest,
        digest: info.digest,
        size: info.size,
      };
      await this.mutate(async (entries) => {
        let next = references.length === 0 ? addUntagged(entries, ref) : [...entries];
        for (const reference of references) next = setReference(next, reference, ref);
        return { entries: next };
      });
    } finally {
      lease.release();
    }
    return this.inspect(manifest.config.digest);
  }

  /** Adds a reference to an image already stored (`docker tag`). */
  async tag(source: string, reference: string): Promise<void> {
    const image = await this.inspect(source);
    const normalized = normalizeReference(reference);
    const digest = image.manifestDigests[0] as Digest;
    const size = (await this.blobs.size(digest)) ?? 0;
    const mediaType = image.manifest.mediaType ?? MediaType.ociManifest;
    await this.mutate(async (entries) => ({
      entries: setReference(entries, normalized, { mediaType, digest, size }),
    }));
  }

  /** An image by reference, full id or id prefix; `ImageStoreError('not-found')` otherwise. */
  async inspect(name: string): Promise<StoredImage> {
    const images = await this.list();
    let normalized: string | undefined;
    try {
      normalized = normalizeReference(name);
    } catch {
      normalized = undefined;
    }
    const byReference = images.find(
      (image) => normalized !== undefined && image.references.includes(normalized),
    );
    if (byReference !== undefined) return byReference;
    const id = name.startsWith('sha256:') ? name : `sha256:${name}`;
    const byId = /^sha256:[a-f0-9]{1,64}$/.test(id)
      ? images.filter((image) => image.id.startsWith(id))
      : [];
    if (byId.length === 1) return byId[0] as StoredImage;
    throw imageNotFound(name);
  }

  /** Every image (one per image id), in index order. */
  async list(): Promise<StoredImage[]> {
    const entries = await readIndex(this.layout.indexFile);
    const byId = new Map<Digest, { refs: Set<string>; manifests: Digest[] }>();
    for (const entry of entries) {
      const { imageId } = await this.facts(entry.manifest.digest);
      const group = byId.get(imageId) ?? { refs: new Set<string>(), manifests: [] };
      if (entry.reference !== undefined) group.refs.add(entry.reference);
      if (!group.manifests.includes(entry.manifest.digest))
        group.manifests.push(entry.manifest.digest);
      byId.set(imageId, group);
    }
    const images: StoredImage[] = [];
    for (const [id, group] of byId) {
      const manifest = this.manifests.get(group.manifests[0] as Digest) as ImageManifest;
      images.push({
        id,
        config: await this.config(id),
        references: [...group.refs].sort(),
        manifest,
        manifestDigests: group.manifests,
        size: manifest.layers.reduce((sum, layer) => sum + layer.size, 0),
      });
    }
    return images;
  }

  /** `DELETE /images/{name}`: the Engine's `Untagged`/`Deleted` items, blobs freed by refcount. */
  async remove(name: string, options: RemovalOptions = {}): Promise<RemovedItem[]> {
    let items: RemovedItem[] = [];
    await this.mutate(async (entries) => {
      const facts = new Map<Digest, ManifestFacts>();
      for (const entry of entries)
        facts.set(entry.manifest.digest, await this.facts(entry.manifest.digest));
      const plan = planRemoval(
        entries,
        (digest) => facts.get(digest) as ManifestFacts,
        name,
        options,
      );
      items = plan.items;
      // Blobs go only after the index no longer names them: a crash in between leaks, never dangles.
      const afterWrite = async (): Promise<void> => {
        for (const digest of plan.unreferenced) {
          if (this.leases.has(digest)) continue;
          await this.blobs.delete(digest);
          this.manifests.delete(digest);
          this.configs.delete(digest);
        }
      };
      return { entries: plan.entries, afterWrite };
    });
    return items;
  }

  async config(id: Digest): Promise<ImageConfig> {
    const cached = this.configs.get(id);
    if (cached !== undefined) return cached;
    const config = await this.blobs.readJson<ImageConfig>(id);
    this.configs.set(id, config);
    return config;
  }

  private async facts(manifestDigest: Digest): Promise<ManifestFacts> {
    let manifest = this.manifests.get(manifestDigest);
    if (manifest === undefined) {
      manifest = await this.blobs.readJson<ImageManifest>(manifestDigest);
      this.manifests.set(manifestDigest, manifest);
    }
    return {
      imageId: manifest.config.digest,
      blobs: [manifest.config.digest, ...manifest.layers.map((layer) => layer.digest)],
    };
  }

  /** Runs index.json read-modify-write steps one at a time. */
  private mutate(change: (entries: IndexEntry[]) => Promise<Mutation>): Promise<void> {
    const step = this.queue.then(async () => {
      const next = await change(await readIndex(this.layout.indexFile));
      await writeIndex(this.layout.indexFile, next.entries);
      await next.afterWrite?.();
    });
    this.queue = step.catch(() => undefined);
    return step;
  }
}
