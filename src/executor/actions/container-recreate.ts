/**
 * Recreate, new before old (as Docker Compose): the new container is created
 * under a temporary name `<old id 12>_<name>`, the old one is stopped and
 * removed, then the new one takes the final name. Invariant: whatever step
 * fails, no temporary-named container is left behind, so the next `up` sees
 * either the old container (and recreates it again) or none (and creates it).
 */
import { EngineError } from '../../engine/errors.js';
import { Label, type ContainerSpec } from '../../engine/types.js';
import type { ActionContext, ActionOf } from '../context.js';
import { stopOptions } from './container-lifecycle.js';

export function temporaryName(oldContainerId: string, finalName: string): string {
  return `${oldContainerId.slice(0, 12)}_${finalName}`;
}

/** Creates under the temporary name; a leftover of an interrupted run under that name is replaced once. */
async function createTemporary(context: ActionContext, spec: ContainerSpec): Promise<string> {
  const warn = (message: string) => context.warn(message);
  try {
    return (await context.engine.createContainer(spec, warn)).id;
  } catch (error) {
    if (!(error instanceof EngineError) || error.code !== 'conflict') throw error;
    await context.engine.removeContainer(spec.name, { force: true, volumes: false });
    return (await context.engine.createContainer(spec, warn)).id;
  }
}

export async function recreateContainer(
  context: ActionContext,
  action: ActionOf<'container.recreate'>,
): Promise<void> {
  const finalName = action.spec.name;
  const temporary: ContainerSpec = {
    ...action.spec,
    name: temporaryName(action.containerId, finalName),
    // Compose records which container this one replaces.
    labels: { ...action.spec.labels, [Label.replace]: action.containerId },
  };
  const newId = await createTemporary(context, temporary);
  try {
    context.progress(`created ${temporary.name}`);
    await context.engine.stopContainer(action.containerId, stopOptions(context));
    await context.engine.removeContainer(action.containerId, { force: false, volumes: false });
    await context.engine.renameContainer(newId, finalName);
  } catch (error) {
    // Leave no temp-named leftover; the original error is the one to report.
    await context.engine
      .removeContainer(newId, { force: true, volumes: false })
      .catch(() => undefined);
    throw error;
  }
}
