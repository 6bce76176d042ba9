/**
 * Failures of the image machinery as the Engine API reports them: a status
 * and the message, unchanged (the modules below already word them for users).
 */
import { ImageLoadError } from '../../load/index.js';
import { EngineApiError, type ProgressMessage } from '../../ports.js';
import { ImageStoreError } from '../../store/index.js';
import { ImageReferenceError } from '../../../images/reference.js';

const STORE_STATUS = {
  'not-found': 404,
  conflict: 409,
  invalid: 400,
  'digest-mismatch': 400,
  corrupt: 500,
} as const;

export function toApiError(error: unknown): EngineApiError {
  if (error instanceof EngineApiError) return error;
  if (error instanceof ImageStoreError) {
    return new EngineApiError(STORE_STATUS[error.code], error.message, { cause: error });
  }
  if (error instanceof ImageLoadError || error instanceof ImageReferenceError) {
    return new EngineApiError(400, error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EngineApiError(500, message, { cause: error });
}

/** An error as the last line of a progress stream. */
export function errorMessage(error: unknown): ProgressMessage {
  const message = toApiError(error).message;
  return { error: message, errorDetail: { message } };
}
