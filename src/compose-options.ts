/**
 * The option types of the library facade (`Compose`, `Stack`) and the small
 * functions that turn them into what the lifecycle functions take.
 */
import type { Engine } from './engine/types.js';
import type { ApplyResult, ExecutorEvent } from './executor/types.js';
import type { BuildCommandOptions } from './lifecycle/build.js';
import type { DownResult } from './lifecycle/down.js';
import type { ImageCommandResult } from './lifecycle/image-run.js';
import type { ProjectLockOptions } from './lifecycle/lock.js';
import type { PullCommandOptions } from './lifecycle/pull.js';
import type { PushCommandOptions } from './lifecycle/push.js';
import type { UpResult } from './lifecycle/up.js';
import type { DownPlanOptions, UpPlanOptions } from './planner/types.js';
import { ComposeError } from './spec/diagnostics.js';
import type { LoadProjectOptions } from './spec/load.js';

/** A Compose model given as an object instead of files (e.g. built in a test). */
export interface InMemoryModelOptions extends Omit<
  LoadProjectOptions,
  'files' | 'readStdin' | 'cwd' | 'projectDirectory'
> {
  readonly model: Readonly<Record<string, unknown>>;
  /** Relative paths in the model (build contexts, bind mounts, env files) resolve against it. */
  readonly workingDir: string;
}

export interface EngineChoice {
  /** Default: the engine the environment points at (`DOCKER_HOST`, Docker context, socket). */
  readonly engine?: Engine;
}

export interface CommonRunOptions {
  /** Progress events of this call (also delivered to `compose.events()` iterators). */
  readonly onEvent?: (event: ExecutorEvent) => void;
  /** Most actions in flight; default unbounded (-1). */
  readonly parallel?: number;
  /** Aborting stops starting new actions (as Ctrl-C does). */
  readonly signal?: AbortSignal;
  /** Stop timeout, seconds. */
  readonly timeoutSeconds?: number;
  readonly lock?: ProjectLockOptions;
}

export interface ComposeUpOptions extends CommonRunOptions, Partial<Omit<UpPlanOptions, 'kind'>> {
  /** Wait for services to be running/healthy (`up --wait`). */
  readonly wait?: boolean;
  readonly waitTimeoutMs?: number;
  /** What disposing the returned stack passes to `down`. */
  readonly dispose?: ComposeDownOptions;
}

export interface ComposeDownOptions
  extends CommonRunOptions, Partial<Omit<DownPlanOptions, 'kind'>> {}

export interface ComposePullOptions extends CommonRunOptions, Partial<PullCommandOptions> {}
export interface ComposePushOptions extends CommonRunOptions, Partial<PushCommandOptions> {}
export interface ComposeBuildOptions extends CommonRunOptions, Partial<BuildCommandOptions> {}

export type AppliedImages = Extract<ImageCommandResult, { status: 'applied' }>;

/** Raised when `up`/`down` is blocked or an action fails; `outcome` holds the details. */
export class ComposeRunError extends ComposeError {
  constructor(
    message: string,
    readonly outcome: UpResult | DownResult | ImageCommandResult,
  ) {
    super([{ severity: 'error', code: 'run.failed', message }]);
  }
}

export type AppliedUp = Extract<UpResult, { status: 'applied' }>;
export type AppliedDown = Extract<DownResult, { status: 'applied' }>;

export function loadOptions(
  options: LoadProjectOptions | InMemoryModelOptions,
): LoadProjectOptions {
  if (!('model' in options)) return options;
  const { model, workingDir, ...rest } = options;
  // JSON is YAML: the model goes through the same loader as a file read from stdin.
  const text = JSON.stringify(model);
  return { ...rest, cwd: workingDir, files: ['-'], readStdin: () => text };
}

export function upPlan(options: Partial<Omit<UpPlanOptions, 'kind'>>): UpPlanOptions {
  return {
    kind: 'up',
    services: options.services ?? [],
    noDeps: options.noDeps ?? false,
    recreate: options.recreate ?? 'diverged',
    recreateDependencies: options.recreateDependencies ?? 'diverged',
    renewAnonVolumes: options.renewAnonVolumes ?? false,
    scale: options.scale ?? {},
    removeOrphans: options.removeOrphans ?? false,
    build: options.build ?? 'auto',
    ...(options.pull !== undefined ? { pull: options.pull } : {}),
    noStart: options.noStart ?? false,
    now: options.now ?? Date.now(),
  };
}

export function runOptions(options: CommonRunOptions) {
  return {
    parallel: options.parallel ?? -1,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.lock !== undefined ? { lock: options.lock } : {}),
  };
}

export function checked<R extends UpResult | DownResult | ImageCommandResult>(
  outcome: R,
  command: 'up' | 'down' | 'pull' | 'push' | 'build',
): Extract<R, { status: 'applied' }> {
  if (outcome.status === 'blocked') {
    const reasons = outcome.plan.blockers.map((b) => b.message).join('; ');
    throw new ComposeRunError(`${command} is blocked: ${reasons}`, outcome);
  }
  const applied = outcome as Extract<R, { status: 'applied' }>;
  if (!applied.ok)
    throw new ComposeRunError(`${command} failed: ${failures(applied.result)}`, outcome);
  return applied;
}

function failures(result: ApplyResult): string {
  return result.failed.map(({ id, error }) => `${id}: ${error.message}`).join('; ');
}
