/**
 * Watch mode's values: the rules read from `develop.watch`, what one batch of
 * file changes asks of a service, and the events a watch session reports.
 */

export type WatchActionName = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

/** `develop.watch[].exec`: a command run in each container after a `sync+exec` sync. */
export interface ExecHook {
  readonly command: readonly string[];
  readonly user?: string;
  readonly privileged: boolean;
  readonly workingDir?: string;
  /** `KEY=value` entries. */
  readonly environment: readonly string[];
}

/** One `develop.watch` entry of one service, checked and typed. */
export interface WatchRule {
  readonly service: string;
  /** Position in the service's `develop.watch` list, for messages and exec de-duplication. */
  readonly index: number;
  /** Absolute host path (file or directory). */
  readonly path: string;
  readonly action: WatchActionName;
  /** Absolute container path; set for every action that syncs. */
  readonly target?: string;
  /** Dockerignore patterns relative to `path`. */
  readonly ignore: readonly string[];
  /** When non-empty, only paths matching one of these (relative to `path`) count. */
  readonly include: readonly string[];
  readonly exec?: ExecHook;
  readonly initialSync: boolean;
}

/** A changed host path and where it lands in the service's containers. */
export interface PathMapping {
  readonly hostPath: string;
  readonly containerPath: string;
  /** For a directory: which paths below it the rule takes. Default: everything. */
  readonly accepts?: (hostPath: string) => boolean;
  /** True for the rule's own directory: its content is copied, not its header (the container's directory keeps its owner). */
  readonly root?: boolean;
}

/** What one batch of changes asks of one service, in the order it is done. */
export interface ServiceChanges {
  readonly service: string;
  readonly rebuild: boolean;
  readonly sync: readonly PathMapping[];
  readonly restart: boolean;
  /** `sync+exec` hooks to run, once each per container (in rule order). */
  readonly exec: readonly ExecHook[];
}

/** The reason a sync happened. */
export type SyncReason =
  /** files changed on the host */
  | 'change'
  /** `initial_sync` at watch start */
  | 'initial'
  /** a container started (or was created) after missing earlier changes */
  | 'resync';

export type WatchEvent =
  | {
      readonly type: 'ready';
      readonly services: readonly string[];
      readonly paths: readonly string[];
    }
  | {
      readonly type: 'synced';
      readonly service: string;
      readonly reason: SyncReason;
      /** Files (and symlinks, directories) copied into the containers. */
      readonly files: number;
      /** Paths removed in the containers. */
      readonly removed: number;
      readonly containers: readonly string[];
      readonly durationMs: number;
    }
  | {
      readonly type: 'restarted';
      readonly service: string;
      readonly containers: readonly string[];
      readonly durationMs: number;
    }
  | {
      readonly type: 'rebuilt';
      readonly service: string;
      readonly durationMs: number;
      /** Ids of the images `prune` removed: the service's previous ones, left dangling by the rebuild. */
      readonly prunedImages?: readonly string[];
    }
  | {
      readonly type: 'exec';
      readonly service: string;
      readonly container: string;
      readonly command: readonly string[];
      readonly exitCode: number;
      readonly output: string;
      readonly durationMs: number;
    }
  | { readonly type: 'warning'; readonly service?: string; readonly message: string }
  | {
      readonly type: 'error';
      readonly service?: string;
      /** What failed: a sync, a restart, a rebuild, an exec hook, or the file watcher itself. */
      readonly action: 'sync' | 'restart' | 'rebuild' | 'exec' | 'watch';
      readonly message: string;
    }
  | { readonly type: 'stopped' };
