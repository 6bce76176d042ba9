import { EngineError } from '../../engine/errors.js';
import { Label } from '../../engine/types.js';
import type { ActionContext, ActionOf } from '../context.js';

/**
 * Creates the network. A conflict with a network of the same name that already
 * carries our project label counts as done: another run (or a retry after an
 * interrupted one) made it, and the plan would have recreated it if it diverged.
 */
export async function createNetwork(
  context: ActionContext,
  action: ActionOf<'network.create'>,
): Promise<void> {
  try {
    await context.engine.createNetwork(action.spec);
  } catch (error) {
    if (!(error instanceof EngineError) || error.code !== 'conflict') throw error;
    const project = action.spec.labels[Label.project];
    const existing = await context.engine.listNetworks({ names: [action.spec.name] });
    const ours = existing.find(
      (network) =>
        network.name === action.spec.name &&
        project !== undefined &&
        network.labels[Label.project] === project,
    );
    if (!ours) throw error;
  }
}

/** What Docker Compose prints for a network or volume `down` keeps because something uses it. */
export const STILL_IN_USE = 'Resource is still in use';

/**
 * Removes the network. With `whenInUse: 'keep'` (`down`), containers the plan
 * did not remove (orphans kept without `--remove-orphans`, other projects'
 * containers) that are still attached keep it, with a warning rather than a
 * failure, as Docker Compose does; a network already gone then counts as removed.
 */
export async function removeNetwork(
  context: ActionContext,
  action: ActionOf<'network.remove'>,
): Promise<void> {
  if (action.whenInUse !== 'keep') return context.engine.removeNetwork(action.name);
  let users: string[];
  try {
    users = await attachedContainers(context, action.name);
  } catch (error) {
    if (error instanceof EngineError && error.code === 'not-found') return;
    throw error;
  }
  if (users.length > 0) {
    context.warn(`network ${action.name} is still in use by ${users.join(', ')}: not removed`);
    context.settle(STILL_IN_USE);
    return;
  }
  await context.engine.removeNetwork(action.name);
}

/**
 * Names of the containers attached to the network that still exist. Right after a
 * container is removed the engine can still list its endpoint for a moment; such an
 * endpoint is left to the engine's removal retry, not taken for a user.
 */
async function attachedContainers(context: ActionContext, network: string): Promise<string[]> {
  const inspected = await context.engine.inspectNetwork(network);
  const endpoints = (inspected.Containers ?? {}) as Record<string, { Name?: string }>;
  const users: string[] = [];
  for (const [id, endpoint] of Object.entries(endpoints)) {
    try {
      await context.engine.inspectContainer(id);
      users.push(endpoint.Name ?? id.slice(0, 12));
    } catch (error) {
      if (!(error instanceof EngineError) || error.code !== 'not-found') throw error;
    }
  }
  return users.sort();
}
