/**
 * Why a container's root file system could not be prepared, mounted or
 * removed. Messages name the container and the path concerned, because the
 * user's next step is to look at that path (or at what still holds it).
 */

export type SnapshotErrorCode =
  | 'invalid-id' // the container id cannot name a directory
  | 'exists' // a snapshot for this container is already there
  | 'not-found' // no snapshot for this container
  | 'unsupported-path' // a path the overlay option string cannot carry (`,` `:` `\` newline)
  | 'too-many-layers' // even the short form of the lower dirs exceeds the mount data limit
  | 'bad-image' // the image's manifest and config disagree on its layers
  | 'mount-failed'
  | 'unmount-failed'
  | 'busy'; // something is still mounted inside the container directory

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';

  constructor(
    readonly code: SnapshotErrorCode,
    /** The container id, or the image reference for image-level failures. */
    readonly subject: string,
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${reason} (${path})`, options);
  }
}

/** The stderr of a failed child process, else its message. */
export function describeFailure(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  if (typeof stderr === 'string' && stderr.trim() !== '') return stderr.trim();
  return error instanceof Error ? error.message : String(error);
}
