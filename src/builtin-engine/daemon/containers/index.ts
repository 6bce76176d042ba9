export { ContainerService } from './service.js';
export type { ContainerDeps } from './deps.js';
export { ContainerRegistry } from './registry.js';
export { diskSnapshots, type SnapshotOps } from './snapshot-ops.js';
export type { ContainerRecord, ContainerState, HealthState } from './record.js';
