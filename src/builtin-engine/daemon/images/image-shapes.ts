/**
 * Images in the Engine API's shapes: `GET /images/json` (summaries) and
 * `GET /images/{name}/json` (inspect), from what the store keeps. Field for
 * field what Docker 20.10 answers for the same image: the image config's
 * `config`/`container_config` are shown with every field of Docker's
 * container config (null where unset), references in their familiar form,
 * and `Created` from the config (seconds in the list, RFC 3339 in inspect).
 */
import type Dockerode from 'dockerode';
import type { Digest } from '../../digest.js';
import { layerDir } from '../../snapshots/layout.js';
import { familiarReference, isDigestReference, type StoredImage } from '../../store/index.js';

/** Docker's zero time, shown for images that were never tagged. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface ImageMeta {
  /** When a reference was last pointed at the image by a tag, load or import. */
  readonly lastTagTime?: string;
}

/** Docker's container config field order; the fields without `omitempty` are always shown. */
const ALWAYS: ReadonlyArray<[string, unknown]> = [
  ['Hostname', ''],
  ['Domainname', ''],
  ['User', ''],
  ['AttachStdin', false],
  ['AttachStdout', false],
  ['AttachStderr', false],
  ['ExposedPorts', undefined],
  ['Tty', false],
  ['OpenStdin', false],
  ['StdinOnce', false],
  ['Env', null],
  ['Cmd', null],
  ['Healthcheck', undefined],
  ['ArgsEscaped', undefined],
  ['Image', ''],
  ['Volumes', null],
  ['WorkingDir', ''],
  ['Entrypoint', null],
  ['NetworkDisabled', undefined],
  ['MacAddress', undefined],
  ['OnBuild', null],
  ['Labels', null],
  ['StopSignal', undefined],
  ['StopTimeout', undefined],
  ['Shell', undefined],
];

/** A stored config object (possibly sparse, as OCI images have it) in Docker's full shape. */
export function fullContainerConfig(stored: unknown): Record<string, unknown> {
  const source =
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, zero] of ALWAYS) {
    const value = source[key];
    if (value !== undefined) out[key] = value;
    else if (zero !== undefined) out[key] = zero;
  }
  for (const [key, value] of Object.entries(source)) if (!(key in out)) out[key] = value;
  return out;
}

export interface ImageNames {
  readonly tags: string[];
  readonly digests: string[];
}

/** Familiar RepoTags and RepoDigests (`busybox:latest`, `127.0.0.1:5000/x@sha256:…`). */
export function imageNames(references: readonly string[]): ImageNames {
  const tags: string[] = [];
  const digests: string[] = [];
  for (const reference of references) {
    (isDigestReference(reference) ? digests : tags).push(familiarReference(reference));
  }
  return { tags: tags.sort(), digests: digests.sort() };
}

type Extra = Readonly<Record<string, unknown>>;

function configField(image: StoredImage, key: string): unknown {
  return (image.config as unknown as Extra)[key];
}

export function createdSeconds(image: StoredImage): number {
  const created = Date.parse(image.config.created ?? '');
  return Number.isNaN(created) ? 0 : Math.floor(created / 1000);
}

/** One `GET /images/json` entry; `names` may be narrowed by a reference filter. */
export function summaryShape(image: StoredImage, names: ImageNames): Dockerode.ImageInfo {
  const none = names.tags.length === 0 && names.digests.length === 0;
  return {
    Containers: -1,
    Created: createdSeconds(image),
    Id: image.id,
    Labels: (image.config.config?.Labels ?? null) as Record<string, string>,
    ParentId: '',
    RepoDigests: (none
      ? ['<none>@<none>']
      : names.digests.length > 0
        ? names.digests
        : null) as string[],
    RepoTags: (none ? ['<none>:<none>'] : names.tags.length > 0 ? names.tags : null) as string[],
    SharedSize: -1,
    Size: image.size,
    VirtualSize: image.size,
  };
}

/** `GET /images/{name}/json`. `layersRoot` is where layers are (or will be) unpacked. */
export function inspectShape(
  image: StoredImage,
  meta: ImageMeta,
  layersRoot: string,
): Dockerode.ImageInspectInfo {
  const names = imageNames(image.references);
  const diffIds = image.config.rootfs.diff_ids;
  const dirs = diffIds.map((diffId) => layerDir(layersRoot, diffId as Digest)).reverse();
  const graphData: Record<string, string> = {};
  if (dirs.length > 1) graphData.LowerDir = dirs.slice(1).join(':');
  if (dirs[0] !== undefined) graphData.UpperDir = dirs[0];
  const shape: Record<string, unknown> = {
    Id: image.id,
    RepoTags: names.tags,
    RepoDigests: names.digests,
    Parent: '',
    Comment: configField(image, 'comment') ?? '',
    Created: image.config.created ?? ZERO_TIME,
    Container: configField(image, 'container') ?? '',
    ContainerConfig: fullContainerConfig(configField(image, 'container_config')),
    DockerVersion: configField(image, 'docker_version') ?? '',
    Author: configField(image, 'author') ?? '',
    Config: fullContainerConfig(image.config.config),
    Architecture: image.config.architecture,
    ...(configField(image, 'variant') !== undefined
      ? { Variant: configField(image, 'variant') }
      : {}),
    Os: image.config.os,
    ...(configField(image, 'os.version') !== undefined
      ? { OsVersion: configField(image, 'os.version') }
      : {}),
    Size: image.size,
    VirtualSize: image.size,
    GraphDriver: { Data: graphData, Name: 'overlay2' },
    RootFS: { Type: 'layers', Layers: [...diffIds] },
    Metadata: { LastTagTime: meta.lastTagTime ?? ZERO_TIME },
  };
  return shape as unknown as Dockerode.ImageInspectInfo;
}
