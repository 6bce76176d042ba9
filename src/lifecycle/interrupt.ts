/**
 * Ctrl-C for mutating commands: the first SIGINT aborts the returned signal (the
 * executor starts nothing more and lets what is in flight finish), a second one
 * exits at once with 130. `dispose` restores the default behaviour.
 */
export const INTERRUPTED_EXIT_CODE = 130;

/** The reason of an interrupted command's signal: the CLI exits 130 on it without an error line. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  readonly exitCode = INTERRUPTED_EXIT_CODE;
  constructor() {
    super('interrupted');
  }
}

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function onInterrupt(
  notify: (message: string) => void,
  exit: (code: number) => never = (code) => process.exit(code),
): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) exit(INTERRUPTED_EXIT_CODE);
    notify('Interrupted: finishing what is in flight (Ctrl-C again to exit now)\n');
    controller.abort(new InterruptedError());
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', handler) };
}
