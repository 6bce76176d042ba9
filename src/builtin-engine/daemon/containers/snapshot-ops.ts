/**
 * The container service's view of overlay snapshots, injectable so unit
 * tests need not mount anything. The disk implementation is the snapshots
 * module on the engine's root (`<root>/containers/<id>/`).
 */
import {
  createSnapshot,
  mountSnapshot,
  removeSnapshot,
  snapshotPaths,
  unmountSnapshot,
} from '../../snapshots/index.js';

export interface SnapshotOps {
  /** The container's directory (`<root>/containers/<id>`); also holds its bundle, log and /etc files. */
  dir(containerId: string): string;
  create(containerId: string, lowerDirs: readonly string[]): Promise<void>;
  /** Mounts (idempotent) and returns the root file system path. */
  mount(containerId: string): Promise<string>;
  unmount(containerId: string): Promise<void>;
  /** Unmounts and deletes the container's directory. */
  remove(containerId: string): Promise<void>;
}

export function diskSnapshots(root: string): SnapshotOps {
  return {
    dir: (containerId) => snapshotPaths(root, containerId).dir,
    create: async (containerId, lowerDirs) => {
      await createSnapshot(root, containerId, lowerDirs);
    },
    mount: async (containerId) => (await mountSnapshot(root, containerId)).merged,
    unmount: (containerId) => unmountSnapshot(root, containerId),
    remove: (containerId) => removeSnapshot(root, containerId),
  };
}
