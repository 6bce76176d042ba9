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

export async function removeNetwork(
  context: ActionContext,
  action: ActionOf<'network.remove'>,
): Promise<void> {
  await context.engine.removeNetwork(action.name);
}
