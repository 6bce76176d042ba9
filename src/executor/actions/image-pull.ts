/**
 * Pulling an image with the registry credentials Docker would use, reporting
 * progress per layer (at most a few events per layer and second, plus every
 * status change), and what a failed pull leads to: the build the plan put in
 * `onFailure`, a warning, or the failure itself.
 */
import type { ProgressEvent } from '../../engine/types.js';
import { credentialsForImage, explainRegistryFailure } from '../../images/registry-access.js';
import type { ActionContext, ActionOf } from '../context.js';
import { runBuild } from './image-build.js';

/** How often a layer's byte counts are reported while its status stays the same. */
const LAYER_INTERVAL_MS = 250;

/** One line of progress: "a1b2c3: Downloading", or the engine's message. */
export function describeProgress(event: ProgressEvent): string {
  const text = event.status ?? event.message ?? '';
  return event.id !== undefined ? `${event.id}: ${text}` : text;
}

/** Progress per layer with repeats thinned out: a new status always passes, bytes every interval. */
export function layerProgress(context: ActionContext): (event: ProgressEvent) => void {
  const last = new Map<string, { status: string; at: number }>();
  return (event) => {
    // "Pulling from library/busybox" carries the tag as its id: not a layer.
    const layer = event.status?.startsWith('Pulling from ') ? undefined : event.id;
    if (layer !== undefined && event.current !== undefined) {
      const now = context.now();
      const before = last.get(layer);
      const status = event.status ?? '';
      const finished = event.total !== undefined && event.current >= event.total;
      if (before && before.status === status && now - before.at < LAYER_INTERVAL_MS && !finished)
        return;
      last.set(layer, { status, at: now });
    }
    const message = describeProgress(event);
    // A push ends with a record that carries only `aux` (its digest): nothing to show.
    if (message === '' && event.current === undefined) return;
    context.progress(
      message,
      event.current,
      event.total,
      layer !== undefined ? { layer } : undefined,
    );
  };
}

export async function pullImage(
  context: ActionContext,
  action: ActionOf<'image.pull'>,
): Promise<void> {
  try {
    const credentials = await credentialsForImage(action.image, process.env, context.warn);
    try {
      await context.engine.pullImage(
        action.image,
        {
          ...(action.platform !== undefined ? { platform: action.platform } : {}),
          ...(credentials.auth !== undefined ? { auth: credentials.auth } : {}),
        },
        layerProgress(context),
      );
    } catch (error) {
      throw explainRegistryFailure(error, credentials);
    }
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    switch (action.onFailure?.kind) {
      case 'build':
        context.warn(`pull of ${action.image} failed (${failure}); building it instead`);
        return runBuild(context, action.service, action.image, action.onFailure.build);
      case 'ignore':
        context.warn(`pull of ${action.image} failed: ${failure}`);
        context.settle('Warning');
        return;
      default:
        throw error;
    }
  }
}
