/** Watch mode: `develop.watch` rules kept in step with running containers (see session.ts). */
export { watch, type WatchHandle, type WatchOptions } from './session.js';
export { rebuildThroughUp, type RebuildService } from './actions.js';
export { watchEventLine, formatDuration } from './format.js';
export { DEFAULT_QUIET_PERIOD_MS, type BatcherOptions } from './batcher.js';
export type {
  ExecHook,
  PathMapping,
  ServiceChanges,
  SyncReason,
  WatchActionName,
  WatchEvent,
  WatchRule,
} from './types.js';
