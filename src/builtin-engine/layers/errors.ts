/**
 * Why a layer could not be unpacked. Messages name the layer (its blob digest)
 * and the offending tar entry, because the user's next step is to find out
 * which image ships it.
 */

export type LayerErrorCode =
  | 'unsafe-path' // an entry would land outside the layer directory
  | 'unsupported-entry' // an entry type overlayfs layers cannot hold
  | 'bad-archive' // not a tar, truncated, or an entry contradicts an earlier one
  | 'compression' // a compression this Node cannot read
  | 'diff-id-mismatch' // the uncompressed tar is not the one the image config names
  | 'special-file' // mknod/setxattr failed (not root, or the tools are missing)
  | 'target-exists'; // the layer directory is already there (unpacked before)

export class LayerUnpackError extends Error {
  override readonly name = 'LayerUnpackError';

  constructor(
    readonly code: LayerErrorCode,
    /** The layer's blob digest, or a description when there is none. */
    readonly layer: string,
    /** The tar entry concerned, as written in the archive. */
    readonly entryPath: string | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      entryPath === undefined
        ? `layer ${layer}: ${reason}`
        : `layer ${layer}: entry "${entryPath}" refused: ${reason}`,
      options,
    );
  }
}
