/**
 * Failures of the image store. The `code` maps onto the Engine API status the
 * server will answer with: not-found → 404, conflict → 409, invalid → 400,
 * corrupt → 500 (the store's own files are damaged or tampered with).
 */

export type StoreErrorCode = 'not-found' | 'conflict' | 'invalid' | 'digest-mismatch' | 'corrupt';

export class ImageStoreError extends Error {
  override readonly name = 'ImageStoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function imageNotFound(name: string): ImageStoreError {
  return new ImageStoreError('not-found', `No such image: ${name}`);
}

export function digestMismatch(expected: string, actual: string, what: string): ImageStoreError {
  return new ImageStoreError(
    'digest-mismatch',
    `${what}: content digest is ${actual}, expected ${expected}; the blob was not stored`,
  );
}
