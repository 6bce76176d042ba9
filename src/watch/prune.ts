/**
 * `--prune` after a watch rebuild: the image the service ran before is
 * removed when the rebuild took its last tag (it is dangling now) and no
 * container, of this project or any other, still uses it. Anything tagged or
 * in use is kept: pruning only ever cleans up what the rebuild left behind.
 */
import { EngineError } from '../engine/errors.js';
import { Label, type Engine } from '../engine/types.js';

export type PruneOutcome =
  | { readonly kind: 'removed'; readonly image: string }
  | {
      readonly kind: 'kept';
      readonly image: string;
      readonly reason: 'unchanged' | 'tagged' | 'in-use' | 'gone';
    }
  /** Nothing to prune: the service had no image before the rebuild. */
  | { readonly kind: 'none' };

/** The id a reference resolves to now, or undefined when there is no such image. */
export async function imageIdOf(engine: Engine, reference: string): Promise<string | undefined> {
  return (await engine.inspectImage(reference))?.id;
}

/**
 * The images a service runs on before its rebuild: what its image reference
 * resolves to and what its containers were created from (older when the
 * image was rebuilt meanwhile without recreating them).
 */
export async function imagesInUseBy(
  engine: Engine,
  project: string,
  service: string,
  reference: string,
): Promise<string[]> {
  const ids = new Set<string>();
  const tagged = await imageIdOf(engine, reference);
  if (tagged !== undefined) ids.add(tagged);
  for (const container of await engine.listContainers({ project, all: true }))
    if (container.labels[Label.service] === service && container.imageId !== '')
      ids.add(container.imageId);
  return [...ids];
}

/**
 * Removes `previous` (an image id) unless it is still `current`, still
 * tagged or used by a container. Not forced: the engine refuses an image a
 * container created meanwhile uses, which counts as in use, not as a failure.
 */
export async function pruneReplacedImage(
  engine: Engine,
  previous: string | undefined,
  current: string | undefined,
): Promise<PruneOutcome> {
  if (previous === undefined) return { kind: 'none' };
  if (previous === current) return { kind: 'kept', image: previous, reason: 'unchanged' };
  const image = await engine.inspectImage(previous);
  if (image === undefined) return { kind: 'kept', image: previous, reason: 'gone' };
  // Older engines list a dangling image as `<none>:<none>`.
  if (image.repoTags.some((tag) => tag !== '<none>:<none>'))
    return { kind: 'kept', image: previous, reason: 'tagged' };
  const containers = await engine.listContainers({ all: true });
  if (containers.some((c) => c.imageId === previous))
    return { kind: 'kept', image: previous, reason: 'in-use' };
  try {
    await engine.removeImage(previous, { force: false });
  } catch (error) {
    if (error instanceof EngineError && error.code === 'conflict')
      return { kind: 'kept', image: previous, reason: 'in-use' };
    if (error instanceof EngineError && error.code === 'not-found')
      return { kind: 'kept', image: previous, reason: 'gone' };
    throw error;
  }
  return { kind: 'removed', image: previous };
}
