/**
 * Where snapshots live under the engine's root:
 *
 *   <root>/layers/<diffId hex>/          one unpacked layer, shared by every container
 *   <root>/containers/<id>/lower.json     the container's lower dirs, top layer first
 *   <root>/containers/<id>/upper/         the container's writes (overlay upperdir)
 *   <root>/containers/<id>/work/          overlay's scratch dir (same file system as upper)
 *   <root>/containers/<id>/merged/        the mount point: the container's root
 *   <root>/containers/<id>/l/<n>          short links to lower dirs, only when the
 *                                         absolute lowerdir list is too long (mount-options.ts)
 */
import { join } from 'node:path';
import { hexOf, type Digest } from '../digest.js';
import { SnapshotError } from './errors.js';

export interface SnapshotPaths {
  readonly dir: string;
  readonly lowerFile: string;
  readonly upper: string;
  readonly work: string;
  readonly merged: string;
  readonly links: string;
}

export function layerDir(root: string, diffId: Digest): string {
  return join(root, 'layers', hexOf(diffId));
}

// Docker's ids are 64 hex characters; names stay to what is safe as one path component.
const CONTAINER_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function snapshotPaths(root: string, containerId: string): SnapshotPaths {
  if (!CONTAINER_ID_RE.test(containerId) || containerId === '..') {
    throw new SnapshotError(
      'invalid-id',
      `container ${JSON.stringify(containerId)}`,
      join(root, 'containers'),
      'a container id must be 1–128 letters, digits, "_", "." or "-", starting with a letter or digit',
    );
  }
  const dir = join(root, 'containers', containerId);
  return {
    dir,
    lowerFile: join(dir, 'lower.json'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    merged: join(dir, 'merged'),
    links: join(dir, 'l'),
  };
}
