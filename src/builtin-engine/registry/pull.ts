/**
 * `docker pull` into the built-in engine's store: resolve the reference to a
 * manifest for this platform, fetch the config and the layers the store does
 * not have yet (digest-verified by the store's ingest), then store the
 * manifest as received and point `name:tag` and `name@digest` at it. The
 * progress events are the Engine's pull stream (see progress.ts).
 */
import type { RegistryAuth } from '../../images/registry-auth.js';
import { familiarString, parseImageReference } from '../../images/reference.js';
import type { Digest } from '../digest.js';
import type { Descriptor, ImageStore, Lease, Platform } from '../store/index.js';
import { downloadBlob } from './blob-download.js';
import { RegistryClient } from './client.js';
import { registryEndpoint } from './endpoint.js';
import { pullError } from './errors.js';
import type { HttpTransport } from './http.js';
import { hostPlatform } from './platform.js';
import { layerId, throttledBytes, type PullProgressSink } from './progress.js';
import { resolveManifest } from './resolve.js';

export interface PullOptions {
  /** Credentials for the image's registry (src/images/credentials.ts); none: anonymous. */
  readonly auth?: RegistryAuth;
  /** Default: linux on this machine's architecture. */
  readonly platform?: Platform;
  readonly onProgress?: PullProgressSink;
  readonly signal?: AbortSignal;
  /** Layers fetched at once (Docker's max-concurrent-downloads default). */
  readonly concurrency?: number;
  readonly transport?: HttpTransport;
}

export interface PullResult {
  /** The image id: the config digest. */
  readonly id: Digest;
  /** What the reference resolved to at the registry (a list's digest for a multi-platform image). */
  readonly digest: Digest;
  /** The image manifest stored (equal to `digest` for a single-platform image). */
  readonly manifestDigest: Digest;
  /** References as stored, fully qualified. */
  readonly references: readonly string[];
  /** Blobs that were fetched; empty when the store had everything. */
  readonly downloaded: readonly Digest[];
  readonly upToDate: boolean;
}

const DEFAULT_CONCURRENCY = 3;

/**
 * Runs `work` over `items`, at most `limit` at a time. After a failure no new
 * item starts, and the first failure is thrown once the running ones have
 * settled (so nothing still writes into the store after the lease is released).
 */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

function uniqueByDigest(layers: readonly Descriptor[]): Descriptor[] {
  const seen = new Set<Digest>();
  return layers.filter((layer) => !seen.has(layer.digest) && seen.add(layer.digest) !== undefined);
}

export async function pullImage(
  store: ImageStore,
  reference: string,
  options: PullOptions = {},
): Promise<PullResult> {
  const parsed = parseImageReference(reference);
  const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
  const target = parsed.digest ?? (tag as string);
  const emit: PullProgressSink = options.onProgress ?? (() => undefined);
  const client = new RegistryClient({
    endpoint: registryEndpoint(parsed.registry),
    repository: parsed.repository,
    reference,
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(options.transport !== undefined ? { transport: options.transport } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });

  emit({ status: `Pulling from ${parsed.repository}`, id: tag ?? target });
  const resolved = await resolveManifest(client, target, options.platform ?? hostPlatform());
  const { manifest } = resolved;
  const downloaded: Digest[] = [];
  const lease: Lease = store.lease();
  try {
    lease.hold(manifest.config.digest);
    if (!(await store.blobs.has(manifest.config.digest))) {
      await downloadBlob(store, client, manifest.config, `config ${manifest.config.digest}`);
      downloaded.push(manifest.config.digest);
    }
    const config = await store.config(manifest.config.digest).catch((error: unknown) => {
      throw pullError(
        client.context,
        'invalid-response',
        `image config ${manifest.config.digest} is not valid JSON`,
        error,
      );
    });
    if (config.rootfs?.diff_ids?.length !== manifest.layers.length) {
      throw pullError(
        client.context,
        'invalid-response',
        `the manifest lists ${manifest.layers.length} layers, its config ${config.rootfs?.diff_ids?.length ?? 0}`,
      );
    }

    const layers = uniqueByDigest(manifest.layers);
    const missing: Descriptor[] = [];
    for (const layer of layers) {
      lease.hold(layer.digest);
      const present = (await store.blobs.size(layer.digest)) === layer.size;
      if (!present) missing.push(layer);
      emit({ status: present ? 'Already exists' : 'Pulling fs layer', id: layerId(layer.digest) });
    }
    await eachLimited(missing, options.concurrency ?? DEFAULT_CONCURRENCY, async (layer) => {
      const id = layerId(layer.digest);
      const report = throttledBytes((current) =>
        emit({ status: 'Downloading', id, progressDetail: { current, total: layer.size } }),
      );
      await downloadBlob(store, client, layer, `layer ${layer.digest}`, report);
      downloaded.push(layer.digest);
      emit({ status: 'Verifying Checksum', id });
      emit({ status: 'Download complete', id });
      // Unpacking happens when a container needs the layer; for the pull the layer is done.
      emit({ status: 'Pull complete', id });
    });

    const name = parsed.name;
    const references = [
      ...(tag !== undefined ? [`${name}:${tag}`] : []),
      `${name}@${resolved.digest}`,
    ];
    const before = await store.inspect(references[0] as string).catch(() => undefined);
    const upToDate =
      downloaded.length === 0 && before?.manifestDigests.includes(resolved.fetched.digest) === true;
    await store.putImage({ manifest: resolved.fetched.bytes, references });
    emit({ status: `Digest: ${resolved.digest}` });
    emit({
      status: `Status: ${upToDate ? 'Image is up to date' : 'Downloaded newer image'} for ${familiarString(parsed.digest === undefined ? { ...parsed, tag: tag as string } : parsed)}`,
    });
    return {
      id: manifest.config.digest,
      digest: resolved.digest,
      manifestDigest: resolved.fetched.digest,
      references,
      downloaded,
      upToDate,
    };
  } finally {
    lease.release();
  }
}
