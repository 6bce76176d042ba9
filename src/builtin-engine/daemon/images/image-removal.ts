/**
 * `DELETE /images/{name}` decided the way Docker 20.10 decides it
 * (daemon/images/image_delete.go), in our words:
 * - by reference: that reference goes (and, when it was the repository's
 *   last tag, the repository's digest references too). If other references
 *   remain, that is all. Otherwise the image goes too, unless a container
 *   uses it: without force that is a 409 up front (the image would be left
 *   dangling under the container); with force a running container keeps the
 *   image as `<none>`, a stopped one does not;
 * - by id (or id prefix): a running container is a 409 even with force; a
 *   stopped one or several references (tags of different names, or several
 *   tags) are a 409 without force; otherwise every reference and the image go.
 * The store then carries the decision out (its own rules see only the
 * steps it is given).
 */
import { shortId, type Digest } from '../../digest.js';
import { EngineApiError } from '../../ports.js';
import { isDigestReference } from '../../store/index.js';
import { parseImageReference } from '../../../images/reference.js';

export interface ImageUser {
  readonly containerId: string;
  readonly running: boolean;
}

export interface RemovalInput {
  /** As the client wrote it (messages quote it). */
  readonly name: string;
  /** The reference `name` stands for, normalized; undefined when `name` is an id. */
  readonly reference: string | undefined;
  readonly imageId: Digest;
  /** Every reference of the image, normalized. */
  readonly references: readonly string[];
  readonly force: boolean;
  readonly user: ImageUser | undefined;
}

export type RemovalDecision =
  /** Remove these references; the image stays (tagged otherwise, or as `<none>` for its container). */
  | { readonly kind: 'untag'; readonly references: readonly string[] }
  /** Remove every reference and the image. */
  | { readonly kind: 'delete' };

function repositoryOf(reference: string): string {
  return parseImageReference(reference).name;
}

/** Docker's isSingleReference: one reference, or one tag plus digests of that same repository. */
export function isSingleReference(references: readonly string[]): boolean {
  if (references.length <= 1) return references.length === 1;
  const tags = references.filter((reference) => !isDigestReference(reference));
  if (tags.length > 1) return false;
  const digestRepositories = new Set(
    references.filter(isDigestReference).map((reference) => repositoryOf(reference)),
  );
  const single = tags[0] ?? (references[0] as string);
  return digestRepositories.size === 1 && digestRepositories.has(repositoryOf(single));
}

function conflict(message: string): EngineApiError {
  return new EngineApiError(409, message);
}

export function decideRemoval(input: RemovalInput): RemovalDecision {
  const { name, reference, imageId, references, force, user } = input;
  const image = shortId(imageId);
  if (reference !== undefined) {
    if (!force && user !== undefined && isSingleReference(references)) {
      throw conflict(
        `conflict: unable to remove repository reference "${name}" (must force) - container ${user.containerId.slice(0, 12)} is using its referenced image ${image}`,
      );
    }
    const removed = [reference];
    if (!isDigestReference(reference)) {
      const repository = repositoryOf(reference);
      const otherTag = references.some(
        (other) =>
          other !== reference && !isDigestReference(other) && repositoryOf(other) === repository,
      );
      if (!otherTag) {
        removed.push(
          ...references.filter(
            (other) => isDigestReference(other) && repositoryOf(other) === repository,
          ),
        );
      }
    }
    const remaining = references.filter((other) => !removed.includes(other));
    if (remaining.length > 0) return { kind: 'untag', references: removed };
    // The last reference went: the image goes too, unless a container still needs it.
    if (user?.running === true || (user !== undefined && !force)) {
      return { kind: 'untag', references: removed };
    }
    return { kind: 'delete' };
  }
  if (user?.running === true) {
    throw conflict(
      `conflict: unable to delete ${image} (cannot be forced) - image is being used by running container ${user.containerId.slice(0, 12)}`,
    );
  }
  if (!force && references.length > 0 && !isSingleReference(references)) {
    throw conflict(
      `conflict: unable to delete ${image} (must be forced) - image is referenced in multiple repositories`,
    );
  }
  if (!force && user !== undefined) {
    throw conflict(
      `conflict: unable to delete ${image} (must be forced) - image is being used by stopped container ${user.containerId.slice(0, 12)}`,
    );
  }
  return { kind: 'delete' };
}
