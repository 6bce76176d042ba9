/**
 * From a tag or digest to the image manifest to pull: fetch what the
 * reference names; if it is an index (OCI index, Docker manifest list), pick
 * this platform's entry and fetch that by digest. The manifest is checked for
 * the fields the pull needs before anything is downloaded.
 */
import { isDigest, type Digest } from '../digest.js';
import { MediaType, type Descriptor, type ImageManifest, type Platform } from '../store/index.js';
import type { FetchedManifest, RegistryClient } from './client.js';
import { pullError } from './errors.js';
import { formatPlatform, selectManifest } from './platform.js';

export interface ResolvedManifest {
  /** The digest the reference resolved to (the index's, for a multi-platform image), as Docker reports it. */
  readonly digest: Digest;
  /** The image manifest: bytes as received, and parsed. */
  readonly fetched: FetchedManifest;
  readonly manifest: ImageManifest;
}

const INDEX_TYPES = new Set<string>([MediaType.ociIndex, MediaType.dockerManifestList]);
const MANIFEST_TYPES = new Set<string>([MediaType.ociManifest, MediaType.dockerManifest]);

function isIndex(fetched: FetchedManifest): boolean {
  return INDEX_TYPES.has(fetched.mediaType) || Array.isArray(fetched.document['manifests']);
}

function isDescriptor(value: unknown): value is Descriptor {
  const candidate = value as Partial<Descriptor> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    isDigest(candidate.digest) &&
    typeof candidate.size === 'number' &&
    Number.isSafeInteger(candidate.size) &&
    candidate.size >= 0
  );
}

function checkManifest(
  client: RegistryClient,
  fetched: FetchedManifest,
  name: string,
): ImageManifest {
  const document = fetched.document;
  if (
    document['schemaVersion'] === 1 ||
    fetched.mediaType.startsWith('application/vnd.docker.distribution.manifest.v1')
  ) {
    throw pullError(
      client.context,
      'unsupported',
      `${name} is a schema 1 manifest, which Docker no longer pulls either`,
    );
  }
  if (fetched.mediaType !== '' && !MANIFEST_TYPES.has(fetched.mediaType)) {
    throw pullError(client.context, 'unsupported', `${name} has media type ${fetched.mediaType}`);
  }
  const layers = document['layers'];
  if (!isDescriptor(document['config']) || !Array.isArray(layers) || !layers.every(isDescriptor)) {
    throw pullError(
      client.context,
      'invalid-response',
      `${name} lacks a valid config or layers list`,
    );
  }
  const foreign = (layers as Descriptor[]).find(
    (layer) =>
      Array.isArray((layer as { urls?: unknown }).urls) && layer.mediaType.includes('foreign'),
  );
  if (foreign !== undefined) {
    throw pullError(client.context, 'unsupported', `layer ${foreign.digest} is a foreign layer`);
  }
  return document as unknown as ImageManifest;
}

export async function resolveManifest(
  client: RegistryClient,
  target: string,
  platform: Platform,
): Promise<ResolvedManifest> {
  const top = await client.manifest(target);
  if (!isIndex(top)) {
    return {
      digest: top.digest,
      fetched: top,
      manifest: checkManifest(client, top, `manifest ${target}`),
    };
  }
  const entries = (top.document['manifests'] as unknown[]).filter(isDescriptor);
  const chosen = selectManifest(entries, platform);
  if (chosen === undefined) {
    const offered = entries
      .map((entry) => (entry.platform !== undefined ? formatPlatform(entry.platform) : undefined))
      .filter((name): name is string => name !== undefined);
    throw pullError(
      client.context,
      'no-matching-platform',
      `no manifest for ${formatPlatform(platform)} in the manifest list (it has ${offered.length > 0 ? offered.join(', ') : 'no platforms'})`,
    );
  }
  const fetched = await client.manifest(chosen.digest);
  return {
    digest: top.digest,
    fetched,
    manifest: checkManifest(client, fetched, `manifest ${chosen.digest}`),
  };
}
