/**
 * tscompose as a library. Every CLI command is a thin layer over what is
 * exported here: loading a project, and `Compose` to plan, bring it up (as an
 * `AsyncDisposable` stack), take it down and list its containers.
 *
 *   import { Compose } from 'tscompose';
 *   const compose = await Compose.load({ cwd: 'examples/hello' });
 *   await using stack = await compose.up({ wait: true });
 */
export { loadProject, type LoadProjectOptions, type LoadedProject } from './spec/load.js';
export type { Project, ServiceConfig } from './spec/model.js';
export {
  ComposeError,
  ExitCode,
  formatDiagnostic,
  type Diagnostic,
  type SourcePosition,
} from './spec/diagnostics.js';
export { formatKeyPath, type KeyPath } from './spec/key-path.js';
export { serviceConfigHash } from './planner/config-hash.js';
export { projectToComposeModel } from './spec/canonical.js';

// The typed API over the lifecycle (docs/library.md).
export {
  Compose,
  Stack,
  ComposeRunError,
  type ComposeUpOptions,
  type ComposeDownOptions,
  type ComposePullOptions,
  type ComposePushOptions,
  type ComposeBuildOptions,
  type InMemoryModelOptions,
  type EngineChoice,
} from './compose.js';
export { openEngine } from './engine/index.js';
export type { Engine } from './engine/types.js';
export type { ExecutorEvent, ApplyResult } from './executor/types.js';
export type { Plan, UpPlanOptions, DownPlanOptions } from './planner/types.js';
export type { PsRow } from './ui/ps-table.js';
export type { PsOptions } from './lifecycle/ps.js';
export type { LogLine, LogSource } from './lifecycle/log-stream.js';
export type { LogsOptions } from './lifecycle/logs.js';
export type { UpResult } from './lifecycle/up.js';
export type { DownResult } from './lifecycle/down.js';
export type { ImageCommandResult } from './lifecycle/image-run.js';
export type { PullCommandOptions } from './lifecycle/pull.js';
export type { PushCommandOptions } from './lifecycle/push.js';
export type { BuildCommandOptions } from './lifecycle/build.js';
export type { ImageRow, ImagesOptions } from './lifecycle/images.js';
export type { ImageBuildSpec, BuildOverrides } from './images/build-spec.js';
export { listProjects, type ProjectSummary, type LsOptions } from './lifecycle/ls.js';
export {
  acquireProjectLock,
  withProjectLock,
  defaultLockDir,
  type ProjectLock,
  type ProjectLockOptions,
  type LockHolder,
} from './lifecycle/lock.js';

// Working inside containers (the Compose methods exec/run/copy/scale, and these by project name).
export { execInService, type ExecOptions } from './lifecycle/exec.js';
export {
  runService,
  RunPrerequisitesError,
  type RunServiceOptions,
  type RunContainerResult,
} from './lifecycle/run.js';
export { copy, type CopyOptions } from './lifecycle/cp.js';
export { CopyError } from './lifecycle/cp-tar.js';
export { top, renderTop, type ContainerProcesses } from './lifecycle/top.js';
export { port, type PortOptions, type PublishedPort } from './lifecycle/port.js';
export {
  projectEvents,
  eventJson,
  type ComposeEvent,
  type EventsOptions,
} from './lifecycle/events.js';
export { scale, parseScaleArgs, type ScaleOptions } from './lifecycle/scale.js';
export { attachService, type AttachServiceOptions } from './lifecycle/attach.js';
export type { LocalStreams } from './lifecycle/exec-terminal.js';
export {
  watch,
  rebuildThroughUp,
  watchEventLine,
  DEFAULT_QUIET_PERIOD_MS,
  type WatchHandle,
  type WatchOptions,
  type WatchEvent,
  type WatchRule,
  type RebuildService,
} from './watch/index.js';
