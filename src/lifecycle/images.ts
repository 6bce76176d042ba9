/**
 * `images` as a library call: the images the project's containers use (as
 * `docker compose images`: every container with the project label, stopped
 * and one-off ones too), one inspect per distinct image, in parallel.
 */
import { Label, type ContainerSummary, type Engine, type ImageSummary } from '../engine/types.js';
import { parseImageReference } from '../images/reference.js';

export interface ImagesOptions {
  /** Services to show; empty = all. */
  readonly services: readonly string[];
}

/** One container's image, with compose's JSON field names. */
export interface ImageRow {
  /** Full id (`sha256:…`). */
  readonly ID: string;
  readonly ContainerName: string;
  /** Familiar name (`busybox`, `127.0.0.1:5000/team/app`); empty when the container names an id. */
  readonly Repository: string;
  readonly Tag: string;
  readonly Platform: string;
  /** Bytes. */
  readonly Size: number;
  /** RFC 3339. */
  readonly Created?: string;
  readonly LastTagTime?: string;
}

/** Repository and tag as compose reads them from the container's image name (`ParseDockerRef`). */
function nameParts(image: string): { repository: string; tag: string } {
  try {
    const parsed = parseImageReference(image);
    const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : '');
    return { repository: parsed.familiarName, tag };
  } catch {
    return { repository: '', tag: '' };
  }
}

const iso = (seconds: number | undefined) =>
  seconds === undefined || seconds <= 0 ? undefined : new Date(seconds * 1000).toISOString();

function row(container: ContainerSummary, image: ImageSummary): ImageRow {
  const { repository, tag } = nameParts(container.image);
  const created = iso(image.created);
  const lastTagTime = iso(image.lastTagTime);
  return {
    ID: image.id,
    ContainerName: container.name,
    Repository: repository,
    Tag: tag,
    Platform: image.platform ?? '',
    Size: image.size ?? 0,
    ...(created !== undefined ? { Created: created } : {}),
    ...(lastTagTime !== undefined ? { LastTagTime: lastTagTime } : {}),
  };
}

export async function images(
  projectName: string,
  engine: Engine,
  options: ImagesOptions,
): Promise<ImageRow[]> {
  const wanted = new Set(options.services);
  const containers = (await engine.listContainers({ project: projectName, all: true }))
    .filter((c) => wanted.size === 0 || wanted.has(c.labels[Label.service] ?? ''))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // By the name the container was created with, falling back to its image id (a re-tagged name).
  const inspected = new Map<string, Promise<ImageSummary | undefined>>();
  const inspect = (reference: string) => {
    let found = inspected.get(reference);
    if (!found) inspected.set(reference, (found = engine.inspectImage(reference)));
    return found;
  };
  const rows = await Promise.all(
    containers.map(async (container) => {
      const byName = container.image !== '' ? await inspect(container.image) : undefined;
      const image =
        byName && byName.id === container.imageId ? byName : await inspect(container.imageId);
      return image ? row(container, image) : undefined;
    }),
  );
  return rows.filter((r): r is ImageRow => r !== undefined);
}
