/**
 * Why an image archive (`docker save` output, `POST /images/load` body) could
 * not be loaded. `invalid-archive` is the sender's fault (400 at the API);
 * `digest-mismatch` means content does not match what the archive claims.
 * Nothing of a failed load is referenced by the store's index.
 */

export type LoadErrorCode = 'invalid-archive' | 'digest-mismatch';

export class ImageLoadError extends Error {
  override readonly name = 'ImageLoadError';

  constructor(
    readonly code: LoadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function invalidArchive(message: string, cause?: unknown): ImageLoadError {
  return new ImageLoadError('invalid-archive', `invalid image archive: ${message}`, { cause });
}
