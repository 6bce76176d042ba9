/**
 * Failures the executor itself detects (as opposed to `EngineError`s, which the
 * engine port raises and the executor passes on unchanged). The message is the
 * root cause in one sentence, reused as the skip reason of its dependents.
 */
export type ExecutorErrorCode =
  | 'executor.build-unsupported'
  | 'executor.unhealthy'
  | 'executor.exited'
  | 'executor.no-healthcheck'
  | 'executor.no-container'
  | 'executor.wait-timeout'
  | 'executor.cancelled'
  | 'executor.invalid-plan';

export class ExecutorError extends Error {
  override readonly name = 'ExecutorError';
  readonly code: ExecutorErrorCode;
  /** What the failure concerns, e.g. `service db`, `action container:web:1`. */
  readonly resource: string;

  constructor(
    code: ExecutorErrorCode,
    resource: string,
    message: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : {});
    this.code = code;
    this.resource = resource;
  }
}

/** The root cause as dependents name it: "db failed to become healthy", else "<action> failed". */
export function rootCauseSummary(actionId: string, error: Error): string {
  if (error instanceof ExecutorError) return error.message.replace(/\.$/, '');
  return `${actionId} failed`;
}
