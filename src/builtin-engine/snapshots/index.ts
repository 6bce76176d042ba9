export { SnapshotError, type SnapshotErrorCode } from './errors.js';
export { layerDirs } from './layer-dirs.js';
export { layerDir, snapshotPaths, type SnapshotPaths } from './layout.js';
export { MOUNT_DATA_LIMIT, planOverlayMount, type MountPlan } from './mount-options.js';
export { mountsAtOrBelow, parseMountInfo, type MountEntry } from './mountinfo.js';
export {
  createSnapshot,
  isMounted,
  mountSnapshot,
  removeSnapshot,
  unmountSnapshot,
  type Snapshot,
} from './snapshot.js';
