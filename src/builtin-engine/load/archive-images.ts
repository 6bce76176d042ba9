/**
 * Which images an archive holds. Two layouts exist:
 * - `docker save`: manifest.json lists, per image, its config file, its
 *   layer tars and its RepoTags. Docker before 25 names files `<id>.json` and
 *   `<id>/layer.tar` (identical layers as symlinks); Docker 25+ writes an OCI
 *   layout (`blobs/sha256/<hex>`, index.json) and still adds manifest.json,
 *   which is then the one read, as Docker does;
 * - a plain OCI layout (skopeo, buildx `type=oci`): index.json → manifests
 *   (an index is narrowed to this machine's platform) → config and layers.
 * Both become `ArchiveImage`s; load-archive.ts verifies and stores them.
 */
import { isDigest } from '../digest.js';
import {
  Annotation,
  MediaType,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
} from '../store/oci-types.js';
import { invalidArchive } from './errors.js';
import type { StagedArchive, StagedFile } from './stage-archive.js';

export interface ArchiveImage {
  /** References as written in the archive (`busybox:latest`); none for an untagged image. */
  readonly references: readonly string[];
  readonly config: StagedFile;
  readonly layers: readonly StagedFile[];
  /** The archive's own manifest (OCI layout), kept so the image keeps its manifest digest. */
  readonly manifest?: StagedFile;
}

interface DockerManifestEntry {
  readonly Config?: unknown;
  readonly RepoTags?: unknown;
  readonly Layers?: unknown;
}

function parseJson<T>(file: StagedFile): T {
  if (file.content === undefined)
    throw invalidArchive(`${file.path} is too large to be JSON metadata`);
  try {
    return JSON.parse(file.content.toString('utf8')) as T;
  } catch (error) {
    throw invalidArchive(`${file.path} is not valid JSON`, error);
  }
}

function required(staged: StagedArchive, path: string, what: string): StagedFile {
  const file = staged.file(path);
  if (file === undefined) throw invalidArchive(`${what} "${path}" is not in the archive`);
  return file;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export function imagesFromDockerManifest(
  staged: StagedArchive,
  manifestFile: StagedFile,
): ArchiveImage[] {
  const entries = parseJson<DockerManifestEntry[]>(manifestFile);
  if (!Array.isArray(entries)) throw invalidArchive('manifest.json is not a list of images');
  return entries.map((entry, index) => {
    if (typeof entry.Config !== 'string' || !isStringList(entry.Layers)) {
      throw invalidArchive(`manifest.json entry ${index} has no "Config" file or no "Layers" list`);
    }
    const references =
      entry.RepoTags === null || entry.RepoTags === undefined ? [] : entry.RepoTags;
    if (!isStringList(references))
      throw invalidArchive(`manifest.json entry ${index}: "RepoTags" is not a list`);
    return {
      references,
      config: required(staged, entry.Config, 'image config'),
      layers: entry.Layers.map((path) => required(staged, path, 'layer')),
    };
  });
}

/** Node's names for this machine's architecture, in OCI's words. */
const OCI_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

function blobFile(staged: StagedArchive, descriptor: Descriptor, what: string): StagedFile {
  if (!isDigest(descriptor.digest)) throw invalidArchive(`${what} has no valid sha256 digest`);
  return required(staged, `blobs/sha256/${descriptor.digest.slice('sha256:'.length)}`, what);
}

function isIndex(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

/** An index's manifest for this platform (linux/<arch>), depth-first through nested indexes. */
function pickManifest(staged: StagedArchive, descriptor: Descriptor, depth = 0): Descriptor {
  if (!isIndex(descriptor.mediaType)) return descriptor;
  if (depth > 4) throw invalidArchive('image indexes are nested too deeply');
  const index = parseJson<ImageIndex>(
    blobFile(staged, descriptor, `image index ${descriptor.digest}`),
  );
  const arch = OCI_ARCH[process.arch] ?? process.arch;
  const match = (index.manifests ?? []).find(
    (candidate) =>
      candidate.platform === undefined ||
      (candidate.platform.os === 'linux' && candidate.platform.architecture === arch),
  );
  if (match === undefined)
    throw invalidArchive(`image index ${descriptor.digest} has no manifest for linux/${arch}`);
  return pickManifest(staged, match, depth + 1);
}

/** A reference only when the annotation is a whole one (`io.containerd.image.name`, or a ref.name with a name part). */
function referenceOf(descriptor: Descriptor): string[] {
  const full = descriptor.annotations?.[Annotation.imageName];
  if (full !== undefined) return [full];
  const refName = descriptor.annotations?.[Annotation.refName];
  return refName !== undefined && /[/:]/.test(refName) ? [refName] : [];
}

export function imagesFromOciIndex(staged: StagedArchive, indexFile: StagedFile): ArchiveImage[] {
  const index = parseJson<ImageIndex>(indexFile);
  if (!Array.isArray(index.manifests)) throw invalidArchive('index.json has no "manifests" list');
  return index.manifests.map((top) => {
    const descriptor = pickManifest(staged, top);
    const manifestFile = blobFile(staged, descriptor, `image manifest ${descriptor.digest}`);
    const manifest = parseJson<ImageManifest>(manifestFile);
    if (manifest.config === undefined || !Array.isArray(manifest.layers)) {
      throw invalidArchive(`image manifest ${descriptor.digest} has no config or no layers list`);
    }
    return {
      references: referenceOf(top),
      config: blobFile(staged, manifest.config, `image config ${manifest.config.digest}`),
      layers: manifest.layers.map((layer) => blobFile(staged, layer, `layer ${layer.digest}`)),
      manifest: manifestFile,
    };
  });
}
