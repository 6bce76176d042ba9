/**
 * Errors of the engine port. Every backend failure reaches planner, executor and
 * CLI as an `EngineError` (or its `EngineUnavailableError` subclass) with a code
 * to branch on, the resource it concerns and the transport error as `cause`.
 * dockerode's errors are mapped in exactly one place: `toEngineError`.
 */

export type EngineErrorCode = 'not-found' | 'conflict' | 'unavailable' | 'bad-request' | 'engine';

export class EngineError extends Error {
  override readonly name: string = 'EngineError';
  readonly code: EngineErrorCode;
  /** What the failure concerns, e.g. `container web-1`, `network app_front`. */
  readonly resource: string;
  readonly statusCode?: number;

  constructor(
    message: string,
    details: {
      code: EngineErrorCode;
      resource: string;
      cause?: unknown;
      statusCode?: number;
    },
  ) {
    super(message, { cause: details.cause });
    this.code = details.code;
    this.resource = details.resource;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
  }
}

/** Same wording as `getEngineVersion` in docker/connection.ts. */
export const howToStartAnEngine =
  'start Docker, or in the tscompose repository run `node scripts/engine.mjs ensure`';

/** The daemon did not answer at all: nothing was done. */
export class EngineUnavailableError extends EngineError {
  override readonly name = 'EngineUnavailableError';
  /** The endpoint as described to the user, e.g. `unix:///var/run/docker.sock (DOCKER_HOST)`. */
  readonly endpoint: string;

  constructor(endpoint: string, resource: string, cause: unknown) {
    super(
      `Cannot reach a Docker Engine at ${endpoint}: ${reasonOf(cause)}; ${howToStartAnEngine}.`,
      {
        code: 'unavailable',
        resource,
        cause,
      },
    );
    this.endpoint = endpoint;
  }
}

/** Socket/transport error codes meaning the daemon is not there (or not reachable). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

interface TransportError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly json?: unknown;
  readonly message?: unknown;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message.trim();
  return String(error);
}

/** The engine's own message (`{"message": ...}` body), else the transport's. */
function engineMessage(error: TransportError): string {
  const json = error.json;
  if (json && typeof json === 'object' && 'message' in json) {
    const message = (json as { message: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return message.trim();
  }
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  const message = typeof error.message === 'string' ? error.message : String(error);
  // docker-modem prefixes "(HTTP code 500) server error - " when it had no JSON body (streams).
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

function codeForStatus(statusCode: number): EngineErrorCode {
  if (statusCode === 404) return 'not-found';
  if (statusCode === 409) return 'conflict';
  if (statusCode === 400) return 'bad-request';
  return 'engine';
}

/**
 * Maps whatever dockerode/docker-modem threw into an `EngineError`.
 * `operation` completes "Cannot …" (e.g. `remove container web-1`).
 */
export function toEngineError(
  error: unknown,
  context: { readonly endpoint: string; readonly operation: string; readonly resource: string },
): EngineError {
  if (error instanceof EngineError) return error;
  const transport = (error ?? {}) as TransportError;
  if (typeof transport.code === 'string' && UNREACHABLE_CODES.has(transport.code)) {
    return new EngineUnavailableError(context.endpoint, context.resource, error);
  }
  const statusCode = typeof transport.statusCode === 'number' ? transport.statusCode : undefined;
  const detail = engineMessage(transport).replace(/\.$/, '');
  return new EngineError(`Cannot ${context.operation}: ${detail}.`, {
    code: statusCode !== undefined ? codeForStatus(statusCode) : 'engine',
    resource: context.resource,
    cause: error,
    ...(statusCode !== undefined ? { statusCode } : {}),
  });
}
