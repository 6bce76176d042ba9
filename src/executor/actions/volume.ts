import type { ActionContext, ActionOf } from '../context.js';

export async function createVolume(
  context: ActionContext,
  action: ActionOf<'volume.create'>,
): Promise<void> {
  await context.engine.createVolume(action.spec);
}

export async function removeVolume(
  context: ActionContext,
  action: ActionOf<'volume.remove'>,
): Promise<void> {
  await context.engine.removeVolume(action.name, { force: false });
}
