/**
 * Ctrl-C for mutating commands: the first SIGINT aborts the returned signal (the
 * executor starts nothing more and lets what is in flight finish), a second one
 * exits at once with 130. `dispose` restores the default behaviour.
 */
export const INTERRUPTED_EXIT_CODE = 130;

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
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', handler) };
}
