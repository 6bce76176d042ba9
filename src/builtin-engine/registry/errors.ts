/**
 * Why a pull from a registry failed. Every message names the registry and the
 * reference; none carries credentials (they never enter a message, and
 * `redactSecrets` scrubs anything a server might have echoed back).
 * `unauthorized` covers 401 and 403, as Docker reports both.
 */

export type RegistryErrorCode =
  | 'unauthorized'
  | 'not-found'
  | 'unreachable'
  | 'no-matching-platform'
  | 'unsupported'
  | 'invalid-response'
  | 'digest-mismatch';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly code: RegistryErrorCode,
    /** `127.0.0.1:5000`, `docker.io`. */
    readonly registry: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Replaces every non-empty secret in `text` (servers sometimes echo what they were sent). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('<redacted>');
  }
  return out;
}

/**
 * The `errors` array of a distribution API error body, as one line
 * (`authentication required`): each error's message, or its code; never
 * `detail`, which can quote the request.
 */
export function describeErrorBody(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] };
    if (!Array.isArray(parsed.errors) || parsed.errors.length === 0) return undefined;
    return parsed.errors
      .map((error) =>
        typeof error.message === 'string' && error.message !== ''
          ? error.message
          : typeof error.code === 'string'
            ? error.code.toLowerCase()
            : '',
      )
      .filter((line) => line.length > 0)
      .join('; ');
  } catch {
    return undefined;
  }
}

/** What a message about one pull names: the registry, the image, whose credentials. */
export interface ErrorContext {
  readonly registry: string;
  /** As the user named it: `127.0.0.1:5000/team/app:1`. */
  readonly reference: string;
  /** `RegistryAuth.toString()`: the user and the config file, never the secret. */
  readonly credentials?: string;
  /** Values no message may contain. */
  readonly secrets: readonly string[];
}

const LEAD: Readonly<Record<RegistryErrorCode, string>> = {
  unauthorized: 'unauthorized',
  'not-found': 'not found',
  unreachable: 'registry unreachable',
  'no-matching-platform': 'no matching manifest',
  unsupported: 'unsupported image',
  'invalid-response': 'invalid registry response',
  'digest-mismatch': 'digest mismatch',
};

/** `unauthorized: authentication required (pulling … from registry …; credentials for …)`. */
export function pullError(
  context: ErrorContext,
  code: RegistryErrorCode,
  detail: string,
  cause?: unknown,
): RegistryError {
  const who = context.credentials !== undefined ? `; ${context.credentials}` : '; anonymous';
  const message = `${LEAD[code]}: ${detail} (pulling ${context.reference} from registry ${context.registry}${who})`;
  return new RegistryError(code, context.registry, redactSecrets(message, context.secrets), {
    cause,
  });
}
