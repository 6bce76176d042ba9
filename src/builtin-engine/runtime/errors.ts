/**
 * Why the runtime driver could not do what the core asked. `invalid-config`
 * is the client's fault (a bad user, an unknown capability: 400 at the API);
 * `not-found` means runc has no such container (404); the rest are failures
 * of runc or conmon, and carry what the tool said so the user can act on it.
 */

export type RuntimeErrorCode =
  | 'invalid-config' // the spec cannot be turned into a runnable container
  | 'not-found' // runc knows no such container
  | 'not-running' // the operation needs a running (or paused) container
  | 'still-running' // delete of a container whose process has not exited
  | 'start-failed' // conmon or `runc create/start` failed
  | 'runtime-failed' // another runc command failed
  | 'unsupported'; // a feature this driver does not implement

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';

  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The stderr of a failed child process (runc prints its reason there), else its message. */
export function describeFailure(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = Buffer.isBuffer(stderr) ? stderr.toString('utf8') : stderr;
  if (typeof text === 'string' && text.trim() !== '') return runcMessage(text.trim());
  return error instanceof Error ? error.message : String(error);
}

/**
 * runc logs as `time="…" level=error msg="…"`; the msg is what a user wants
 * to read. Anything else is returned as is.
 */
export function runcMessage(text: string): string {
  const messages = [...text.matchAll(/level=(?:error|fatal) msg="((?:[^"\\]|\\.)*)"/g)].map(
    (match) => (match[1] ?? '').replace(/\\(.)/g, '$1'),
  );
  return messages.length > 0 ? messages.join('; ') : text;
}

/** `promise`, or a RuntimeError saying `what` when it takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RuntimeError('runtime-failed', what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
