/**
 * The image endpoints of the built-in engine, over the image store: list and
 * inspect in the Engine's shapes, Docker's rmi rules, tag, pull from a
 * registry, load (`docker load`) and import (`docker import`) as progress
 * streams, and `resolve` for the container service (an image's config and
 * its unpacked layer directories for a snapshot).
 */
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { hexOf, type Digest } from '../../digest.js';
import { loadImageArchive, loadMessages } from '../../load/index.js';
import {
  EngineApiError,
  type ApiFilters,
  type ImageService,
  type ProgressMessage,
  type PullRequest,
  type ResolvedImage,
} from '../../ports.js';
import { pullImage, type PullOptions } from '../../registry/index.js';
import { layerDirs } from '../../snapshots/index.js';
import { normalizeReference, type ImageStore, type StoredImage } from '../../store/index.js';
import { parseIdQuery } from '../../store/references.js';
import { RecordStore } from '../record-store.js';
import { toApiError } from './errors.js';
import { filterImages } from './image-filters.js';
import { decideRemoval, type ImageUser } from './image-removal.js';
import { inspectShape, summaryShape, type ImageMeta } from './image-shapes.js';
import { importRootfs } from './import-image.js';
import { progressStream } from './progress-channel.js';
import { parsePlatform, pullCredentials, pullReference } from './pull-request.js';

export interface StoreImageServiceOptions {
  readonly store: ImageStore;
  /** The snapshots' root: layers are unpacked under `<snapshotRoot>/layers/`. */
  readonly snapshotRoot: string;
  /** Directory of the image metadata records (LastTagTime). */
  readonly stateDir: string;
  /** Environment for Docker's credentials (DOCKER_CONFIG, HOME, PATH for helpers). */
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
  /** Test seam: the registry client's options (transport, concurrency). */
  readonly pullOptions?: Pick<PullOptions, 'transport' | 'concurrency'>;
}

type RemovedEntry = { Untagged: string } | { Deleted: string };

/** Whether `name` names `id` by id: full (with or without `sha256:`) or a prefix. */
function namesId(id: Digest, name: string): boolean {
  const query = parseIdQuery(name);
  if (query === undefined) return false;
  return id.startsWith(query.kind === 'full' ? query.id : `sha256:${query.hexPrefix}`);
}

export class StoreImageService implements ImageService {
  private readonly store: ImageStore;
  private readonly meta: RecordStore<ImageMeta>;
  private readonly now: () => Date;
  private inUse: (imageId: string) => ImageUser | undefined = () => undefined;

  constructor(private readonly options: StoreImageServiceOptions) {
    this.store = options.store;
    this.meta = new RecordStore<ImageMeta>(options.stateDir);
    this.now = options.now ?? (() => new Date());
  }

  private async find(name: string): Promise<StoredImage> {
    try {
      return await this.store.inspect(name);
    } catch (error) {
      throw toApiError(error);
    }
  }

  private async tagged(id: Digest): Promise<void> {
    await this.meta.put(hexOf(id), { lastTagTime: this.now().toISOString() });
  }

  async listImages(query: { all: boolean; filters: ApiFilters }): Promise<Dockerode.ImageInfo[]> {
    const images = await this.store.list();
    const lookup = (name: string): StoredImage | undefined => {
      const byReference = images.find((image) => {
        try {
          return image.references.includes(normalizeReference(name));
        } catch {
          return false;
        }
      });
      return byReference ?? images.find((image) => namesId(image.id, name));
    };
    return filterImages(images, query.filters, lookup)
      .map(({ image, names }) => summaryShape(image, names))
      .sort((a, b) => b.Created - a.Created || (a.Id < b.Id ? -1 : 1));
  }

  async inspectImage(ref: string): Promise<Dockerode.ImageInspectInfo> {
    const image = await this.find(ref);
    const meta = (await this.meta.get(hexOf(image.id))) ?? {};
    return inspectShape(image, meta, this.options.snapshotRoot);
  }

  async removeImage(
    ref: string,
    options: { force: boolean; noprune: boolean },
  ): Promise<RemovedEntry[]> {
    const image = await this.find(ref);
    let reference: string | undefined;
    // Docker: a name that is a prefix of the image's id means the id, whatever else it could mean.
    if (!namesId(image.id, ref)) reference = normalizeReference(ref);
    const decision = decideRemoval({
      name: ref,
      reference,
      imageId: image.id,
      references: image.references,
      force: options.force,
      user: this.inUse(image.id),
    });
    const items = [];
    try {
      if (decision.kind === 'untag') {
        // The store keeps the content (as `<none>`) when told the image is in use.
        for (const name of decision.references) {
          items.push(...(await this.store.remove(name, { force: true, inUse: () => true })));
        }
      } else {
        items.push(...(await this.store.remove(image.id, { force: true })));
      }
    } catch (error) {
      throw toApiError(error);
    }
    if (items.some((item) => 'deleted' in item)) await this.meta.remove(hexOf(image.id));
    return items.map((item) =>
      'untagged' in item ? { Untagged: item.untagged } : { Deleted: item.deleted },
    );
  }

  async tagImage(ref: string, repo: string, tag: string | undefined): Promise<void> {
    const image = await this.find(ref);
    if (repo.trim() === '')
      throw new EngineApiError(400, 'repository name must have at least one component');
    if (/^[a-f0-9]{64}$/.test(repo)) {
      throw new EngineApiError(
        400,
        `invalid repository name (${repo}), cannot specify 64-byte hexadecimal strings`,
      );
    }
    const target = tag !== undefined && tag !== '' ? `${repo}:${tag}` : repo;
    try {
      await this.store.tag(image.id, target);
    } catch (error) {
      throw toApiError(error);
    }
    await this.tagged(image.id);
  }

  pullImage(request: PullRequest, signal: AbortSignal): AsyncIterable<ProgressMessage> {
    return progressStream(async (emit) => {
      const reference = pullReference(request);
      const platform = parsePlatform(request.platform);
      const auth = await pullCredentials(reference, request, this.options.env ?? process.env);
      await pullImage(this.store, reference, {
        ...this.options.pullOptions,
        ...(auth !== undefined ? { auth } : {}),
        ...(platform !== undefined ? { platform } : {}),
        signal,
        onProgress: (event) => emit({ ...event }),
      });
    });
  }

  importImage(
    source: Readable,
    options: { repo?: string; tag?: string; changes: string[]; message?: string },
    signal: AbortSignal,
  ): AsyncIterable<ProgressMessage> {
    return progressStream(async (emit) => {
      signal.throwIfAborted();
      const onAbort = () => source.destroy(new Error('the import was cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const { id, reference } = await importRootfs(this.store, source, options, this.now());
        if (reference !== undefined) await this.tagged(id);
        emit({ status: id });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    });
  }

  loadImages(
    source: Readable,
    _options: { quiet: boolean },
    signal: AbortSignal,
  ): AsyncIterable<ProgressMessage> {
    return progressStream(async (emit) => {
      signal.throwIfAborted();
      const onAbort = () => source.destroy(new Error('the load was cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const loaded = await loadImageArchive(this.store, source);
        for (const image of loaded) if (image.references.length > 0) await this.tagged(image.id);
        for (const line of loadMessages(loaded)) emit({ stream: line });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    });
  }

  async resolve(reference: string): Promise<ResolvedImage> {
    const image = await this.find(reference);
    const { store } = this;
    const root = this.options.snapshotRoot;
    return {
      id: image.id,
      reference,
      config: { ...(image.config.config ?? {}) },
      // Top layer first, as overlay's lowerdir and createSnapshot take them.
      lowerDirs: () => layerDirs(store, image.id, root),
    };
  }

  setInUseCheck(check: (imageId: string) => ImageUser | undefined): void {
    this.inUse = check;
  }
}
