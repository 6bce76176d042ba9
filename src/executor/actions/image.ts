/**
 * Image actions: pull (image-pull.ts), build (image-build.ts), push and remove.
 * Credentials go to the engine only; messages name the registry instead.
 */
import { credentialsForImage, explainRegistryFailure } from '../../images/registry-access.js';
import type { ActionContext, ActionOf } from '../context.js';
import { runBuild } from './image-build.js';
import { layerProgress } from './image-pull.js';

export { pullImage } from './image-pull.js';

export function buildImage(context: ActionContext, action: ActionOf<'image.build'>): Promise<void> {
  return runBuild(context, action.service, action.image, action.build);
}

export async function pushImage(
  context: ActionContext,
  action: ActionOf<'image.push'>,
): Promise<void> {
  try {
    const credentials = await credentialsForImage(action.image, process.env, context.warn);
    try {
      await context.engine.pushImage(
        action.image,
        credentials.auth !== undefined ? { auth: credentials.auth } : {},
        layerProgress(context),
      );
    } catch (error) {
      throw explainRegistryFailure(error, credentials);
    }
  } catch (error) {
    if (!action.ignoreFailure) throw error;
    context.warn(
      `push of ${action.image} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    context.settle('Warning');
  }
}

export async function removeImage(
  context: ActionContext,
  action: ActionOf<'image.remove'>,
): Promise<void> {
  await context.engine.removeImage(action.image, { force: false });
}
