/** Create, start, stop and remove: one engine call each. */
import type { ActionContext, ActionOf } from '../context.js';

export async function createContainer(
  context: ActionContext,
  action: ActionOf<'container.create'>,
): Promise<void> {
  await context.engine.createContainer(action.spec, (message) => context.warn(message));
}

/** By name: the start action runs after the create/recreate that gave the container that name. */
export async function startContainer(
  context: ActionContext,
  action: ActionOf<'container.start'>,
): Promise<void> {
  await context.engine.startContainer(action.name);
}

export async function stopContainer(
  context: ActionContext,
  action: ActionOf<'container.stop'>,
): Promise<void> {
  await context.engine.stopContainer(action.containerId, stopOptions(context));
}

export async function removeContainer(
  context: ActionContext,
  action: ActionOf<'container.remove'>,
): Promise<void> {
  await context.engine.removeContainer(action.containerId, {
    force: false,
    volumes: action.volumes,
  });
}

/** `-t` when given, else the container's own `stop_grace_period` (the engine applies it). */
export function stopOptions(context: ActionContext): { readonly timeoutSeconds?: number } {
  return context.timeoutSeconds !== undefined ? { timeoutSeconds: context.timeoutSeconds } : {};
}
