/**
 * A push-to-pull bridge for progress streams: `work` reports messages
 * through `emit` while it runs; the caller iterates them as they come. A
 * failure of `work` becomes the stream's last message (the Engine sends
 * errors in-band once a stream has started); the iteration itself never
 * throws. A consumer that stops early leaves `work` running to its end, so
 * nothing is left half-written in the store.
 */
import type { ProgressMessage } from '../../ports.js';
import { errorMessage } from './errors.js';

export async function* progressStream(
  work: (emit: (message: ProgressMessage) => void) => Promise<void>,
): AsyncGenerator<ProgressMessage> {
  const queue: ProgressMessage[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const emit = (message: ProgressMessage): void => {
    queue.push(message);
    wake?.();
  };
  void work(emit)
    .catch((error: unknown) => emit(errorMessage(error)))
    .finally(() => {
      finished = true;
      wake?.();
    });
  while (true) {
    if (queue.length > 0) {
      yield queue.shift() as ProgressMessage;
      continue;
    }
    if (finished) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}
