import type { ProgressEvent } from '../../engine/types.js';
import { ExecutorError } from '../errors.js';
import type { ActionContext, ActionOf } from '../context.js';

/** One line of pull progress: "a1b2c3: Downloading", or the engine's message. */
function describeProgress(event: ProgressEvent): string {
  const text = event.status ?? event.message ?? '';
  return event.id !== undefined ? `${event.id}: ${text}` : text;
}

export async function pullImage(
  context: ActionContext,
  action: ActionOf<'image.pull'>,
): Promise<void> {
  await context.engine.pullImage(action.image, {}, (event) =>
    context.progress(describeProgress(event), event.current, event.total),
  );
}

/** Builds come with issue 5; until then a plan that needs one fails clearly here. */
export function buildImage(
  _context: ActionContext,
  action: ActionOf<'image.build'>,
): Promise<void> {
  return Promise.reject(
    new ExecutorError(
      'executor.build-unsupported',
      `service ${action.service}`,
      `building images is not supported yet (issue 5): cannot build ${action.image} for service ${action.service}`,
    ),
  );
}

export async function removeImage(
  context: ActionContext,
  action: ActionOf<'image.remove'>,
): Promise<void> {
  await context.engine.removeImage(action.image, { force: false });
}
