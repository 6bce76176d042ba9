import { EngineError } from '../../engine/errors.js';
import type { ActionContext, ActionOf } from '../context.js';
import { STILL_IN_USE } from './network.js';

export async function createVolume(
  context: ActionContext,
  action: ActionOf<'volume.create'>,
): Promise<void> {
  await context.engine.createVolume(action.spec);
}

/**
 * Removes the volume (`down -v`). A volume some container still mounts (the engine
 * answers 409) is kept with a warning, as Docker Compose does; one already gone
 * counts as removed.
 */
export async function removeVolume(
  context: ActionContext,
  action: ActionOf<'volume.remove'>,
): Promise<void> {
  try {
    await context.engine.removeVolume(action.name, { force: false });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code === 'not-found') return;
    if (error.code !== 'conflict') throw error;
    context.warn(`volume ${action.name} is still in use: not removed (${error.message})`);
    context.settle(STILL_IN_USE);
  }
}
