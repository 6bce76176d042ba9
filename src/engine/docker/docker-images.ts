/**
 * Image operations of the Docker backend. Pull, push and build answer 200 and
 * then report failures inside the progress stream (`{error, errorDetail}`):
 * `followProgress` turns those into rejections (apocas/dockerode#639).
 */
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { BuildImageOptions, ImageSummary, ProgressEvent } from '../types.js';
import { parseImageReference, type ImageReference } from '../../images/reference.js';
import { followProgress } from './docker-streams.js';

/**
 * `registry:5000/app:1.2@sha256:…` → the repository as the engine names it
 * (`registry:5000/app`, `busybox`) and the tag, read with Docker's reference
 * grammar (images/reference.ts): a `:` in a registry's port is never a tag.
 * Something that is not a reference (an image id) is passed on as it is.
 */
export function splitReference(reference: string): {
  repository: string;
  tag?: string;
  digest?: string;
} {
  let parsed: ImageReference;
  try {
    parsed = parseImageReference(reference);
  } catch {
    return { repository: reference };
  }
  return {
    repository: parsed.familiarName,
    ...(parsed.tag !== undefined ? { tag: parsed.tag } : {}),
    ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}),
  };
}

/** Go's zero time (`0001-01-01T00:00:00Z`) means "never": undefined. */
function unixSeconds(text: string | undefined): number | undefined {
  if (!text || text.startsWith('0001-')) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

type InspectInfo = Dockerode.ImageInspectInfo & {
  readonly Metadata?: { readonly LastTagTime?: string };
  readonly Variant?: string;
};

function fromInspect(info: InspectInfo): ImageSummary {
  const lastTagTime = unixSeconds(info.Metadata?.LastTagTime);
  const platform = [info.Os, info.Architecture, info.Variant].filter(Boolean).join('/');
  return {
    id: info.Id,
    repoTags: info.RepoTags ?? [],
    repoDigests: info.RepoDigests ?? [],
    created: Math.floor(unixSeconds(info.Created) ?? 0),
    labels: info.Config?.Labels ?? {},
    ...(lastTagTime !== undefined ? { lastTagTime } : {}),
    ...(typeof info.Size === 'number' ? { size: info.Size } : {}),
    ...(platform !== '' ? { platform } : {}),
  };
}

/** `undefined` when the engine has no such image (the planner pulls or builds it). */
export async function inspectImage(
  docker: Dockerode,
  reference: string,
): Promise<ImageSummary | undefined> {
  try {
    return fromInspect((await docker.getImage(reference).inspect()) as InspectInfo);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

export async function listImages(
  docker: Dockerode,
  filter: { readonly references?: readonly string[]; readonly labels?: readonly string[] },
): Promise<ImageSummary[]> {
  const filters: Record<string, string[]> = {};
  if (filter.references?.length) filters['reference'] = [...filter.references];
  if (filter.labels?.length) filters['label'] = [...filter.labels];
  const raw = await docker.listImages(
    Object.keys(filters).length > 0 ? { filters: JSON.stringify(filters) } : {},
  );
  return raw.map((image) => ({
    id: image.Id,
    repoTags: image.RepoTags ?? [],
    repoDigests: image.RepoDigests ?? [],
    created: image.Created,
    labels: image.Labels ?? {},
    ...(typeof image.Size === 'number' ? { size: image.Size } : {}),
  }));
}

export async function pullImage(
  docker: Dockerode,
  reference: string,
  options: { readonly platform?: string; readonly auth?: Readonly<Record<string, string>> },
  onProgress: (event: ProgressEvent) => void,
): Promise<void> {
  const stream = (await docker.pull(reference, {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.auth ? { authconfig: { ...options.auth } } : {}),
  })) as Readable;
  await followProgress(stream, onProgress);
}

export async function pushImage(
  docker: Dockerode,
  reference: string,
  options: { readonly auth?: Readonly<Record<string, string>> },
  onProgress: (event: ProgressEvent) => void,
): Promise<void> {
  const { repository, tag, digest } = splitReference(reference);
  if (digest !== undefined && tag === undefined)
    throw new Error(`cannot push ${reference}: a reference by digest names no tag to push`);
  const stream = (await docker.getImage(repository).push({
    ...(tag ? { tag } : {}),
    // The engine wants an auth header even when empty.
    authconfig: { ...(options.auth ?? {}) },
  })) as Readable;
  await followProgress(stream, onProgress);
}

/** Image id from a build's messages: `aux.ID` (API ≥ 1.30), else "Successfully built <id>". */
export function builtImageId(messages: readonly Record<string, unknown>[]): string | undefined {
  for (const message of [...messages].reverse()) {
    const aux = message['aux'] as { ID?: unknown } | undefined;
    if (aux && typeof aux.ID === 'string') return aux.ID;
    const text = message['stream'];
    const match = typeof text === 'string' ? /Successfully built ([0-9a-f]+)/.exec(text) : null;
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * The registry map as dockerode sends it (`X-Registry-Config`, base64 of its
 * JSON): plain copies of the auth configs, whose own `toJSON` would redact
 * the secrets (images/registry-auth.ts).
 */
function plainRegistryConfig(
  config: NonNullable<BuildImageOptions['registryConfig']>,
): Dockerode.RegistryConfig {
  const plain = Object.fromEntries(Object.entries(config).map(([key, auth]) => [key, { ...auth }]));
  // dockerode's type knows only {username, password}; the engine also takes tokens.
  return plain as unknown as Dockerode.RegistryConfig;
}

/**
 * `options` are the Engine API's build query parameters (`t`, `dockerfile`,
 * `buildargs`, …); its `registryConfig` goes to dockerode's `registryconfig`,
 * which dockerode sends as the `X-Registry-Config` header.
 */
export async function buildImage(
  docker: Dockerode,
  context: Readable,
  options: BuildImageOptions,
  onProgress: (event: ProgressEvent) => void,
): Promise<{ imageId: string }> {
  const { registryConfig, ...query } = options;
  const hasRegistries = registryConfig !== undefined && Object.keys(registryConfig).length > 0;
  const stream = (await docker.buildImage(context, {
    ...query,
    ...(hasRegistries ? { registryconfig: plainRegistryConfig(registryConfig) } : {}),
  })) as Readable;
  const messages = await followProgress(stream, onProgress);
  const imageId = builtImageId(messages);
  if (!imageId) throw new Error('the build finished without reporting an image id');
  return { imageId };
}
