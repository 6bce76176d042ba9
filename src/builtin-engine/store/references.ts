/**
 * How the store names images. References are kept fully qualified
 * (`docker.io/library/busybox:latest`, `…/busybox@sha256:…`) so `busybox`,
 * `library/busybox:latest` and `docker.io/library/busybox` are one key; users
 * see Docker's familiar form (`busybox:latest`). Parsing is the one the rest
 * of tscompose uses (src/images/reference.ts, written from distribution's grammar).
 */
import {
  ImageReferenceError,
  familiarString,
  normalizedString,
  parseImageReference,
} from '../../images/reference.js';
import { isDigest, type Digest } from '../digest.js';
import { ImageStoreError } from './errors.js';

/** `busybox` → `docker.io/library/busybox:latest`; throws `ImageStoreError('invalid')`. */
export function normalizeReference(input: string): string {
  try {
    return normalizedString(parseImageReference(input));
  } catch (error) {
    if (error instanceof ImageReferenceError) {
      throw new ImageStoreError('invalid', error.message, { cause: error });
    }
    throw error;
  }
}

/** `docker.io/library/busybox:latest` → `busybox:latest` (what `docker images` and `Untagged:` show). */
export function familiarReference(normalized: string): string {
  return familiarString(parseImageReference(normalized));
}

/** A digest-pinned reference (`name@sha256:…`) goes to RepoDigests; the rest are RepoTags. */
export function isDigestReference(normalized: string): boolean {
  return normalized.includes('@');
}

export type IdQuery =
  | { readonly kind: 'full'; readonly id: Digest }
  | { readonly kind: 'prefix'; readonly hexPrefix: string };

/**
 * Whether `name` can name an image by id: `sha256:<64 hex>`, 64 hex, or a hex
 * prefix (Docker accepts any unambiguous prefix, `docker rmi 4bdb`).
 */
export function parseIdQuery(name: string): IdQuery | undefined {
  const withAlgorithm = name.startsWith('sha256:') ? name : `sha256:${name}`;
  if (isDigest(withAlgorithm)) return { kind: 'full', id: withAlgorithm };
  const hex = name.startsWith('sha256:') ? name.slice('sha256:'.length) : name;
  return /^[a-f0-9]{1,63}$/.test(hex) ? { kind: 'prefix', hexPrefix: hex } : undefined;
}
