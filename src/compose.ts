/**
 * The library facade: a loaded project bound to an engine, with `plan`, `up`,
 * `down`, `ps`, `logs` and progress events. A thin layer over `lifecycle/*` (the same
 * functions the commands call), so the CLI and the library cannot drift apart.
 * See docs/library.md.
 */
import { openEngine } from './engine/index.js';
import type { Engine } from './engine/types.js';
import type { ApplyResult, ExecutorEvent } from './executor/types.js';
import { build, buildDefaults, type BuildCommandOptions } from './lifecycle/build.js';
import { down, type DownResult } from './lifecycle/down.js';
import type { ImageCommandResult } from './lifecycle/image-run.js';
import { images, type ImageRow, type ImagesOptions } from './lifecycle/images.js';
import { pull, pullDefaults, type PullCommandOptions } from './lifecycle/pull.js';
import { push, pushDefaults, type PushCommandOptions } from './lifecycle/push.js';
import type { ProjectLockOptions } from './lifecycle/lock.js';
import type { LogLine } from './lifecycle/log-stream.js';
import { logs, type LogsOptions } from './lifecycle/logs.js';
import { copy, type CopyOptions } from './lifecycle/cp.js';
import { execInService, type ExecOptions } from './lifecycle/exec.js';
import { processStdio, type LocalStreams } from './lifecycle/exec-terminal.js';
import { ps, type PsOptions } from './lifecycle/ps.js';
import { runService, type RunServiceOptions } from './lifecycle/run.js';
import { scale, type ScaleOptions } from './lifecycle/scale.js';
import { planProjectUp, up, type UpResult } from './lifecycle/up.js';
import { watch, type WatchHandle, type WatchOptions } from './watch/session.js';
import type { DownPlanOptions, Plan, UpPlanOptions } from './planner/types.js';
import { ComposeError } from './spec/diagnostics.js';
import { loadProject, type LoadedProject, type LoadProjectOptions } from './spec/load.js';
import type { Project } from './spec/model.js';
import type { PsRow } from './ui/ps-table.js';

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

interface CommonRunOptions {
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

type AppliedImages = Extract<ImageCommandResult, { status: 'applied' }>;

/** Raised when `up`/`down` is blocked or an action fails; `outcome` holds the details. */
export class ComposeRunError extends ComposeError {
  constructor(
    message: string,
    readonly outcome: UpResult | DownResult | ImageCommandResult,
  ) {
    super([{ severity: 'error', code: 'run.failed', message }]);
  }
}

type AppliedUp = Extract<UpResult, { status: 'applied' }>;
type AppliedDown = Extract<DownResult, { status: 'applied' }>;

export class Compose {
  private readonly listeners = new Set<(event: ExecutorEvent) => void>();

  private constructor(
    readonly loaded: LoadedProject,
    readonly engine: Engine,
  ) {}

  /** Loads a project from files (as the CLI does) or from an in-memory model. */
  static async load(
    options: (LoadProjectOptions | InMemoryModelOptions) & EngineChoice = {},
  ): Promise<Compose> {
    const { engine, ...rest } = options;
    const loaded = await loadProject(loadOptions(rest));
    return new Compose(loaded, engine ?? (await openEngine(process.env)));
  }

  get project(): Project {
    return this.loaded.project;
  }

  /** What `up` would do now, changing nothing. */
  plan(options: Partial<Omit<UpPlanOptions, 'kind'>> = {}): Promise<Plan> {
    return planProjectUp(this.project, this.engine, upPlan(options));
  }

  /** Converges the project; resolves to a stack that `await using` takes down when disposed. */
  async up(options: ComposeUpOptions = {}): Promise<Stack> {
    const outcome = await up(
      this.loaded,
      this.engine,
      {
        ...runOptions(options),
        plan: upPlan(options),
        wait: options.wait ?? false,
        ...(options.waitTimeoutMs !== undefined ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
      },
      this.emitter(options.onEvent),
    );
    return new Stack(this, checked(outcome, 'up'), options.dispose ?? {});
  }

  async down(options: ComposeDownOptions = {}): Promise<AppliedDown> {
    const plan: DownPlanOptions = {
      kind: 'down',
      services: options.services ?? [],
      removeOrphans: options.removeOrphans ?? false,
      volumes: options.volumes ?? false,
      ...(options.rmi !== undefined ? { rmi: options.rmi } : {}),
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    };
    const outcome = await down(
      this.loaded,
      this.engine,
      { ...runOptions(options), plan },
      this.emitter(options.onEvent),
    );
    return checked(outcome, 'down');
  }

  /** Pulls the services' images (`pull`); credentials as Docker resolves them. */
  async pull(options: ComposePullOptions = {}): Promise<AppliedImages> {
    const run = { ...runOptions(options), pull: pullDefaults(options) };
    return checked(
      await pull(this.loaded, this.engine, run, this.emitter(options.onEvent)),
      'pull',
    );
  }

  /** Pushes the images of services with `build` and `image` (`push`). */
  async push(options: ComposePushOptions = {}): Promise<AppliedImages> {
    const run = { ...runOptions(options), push: pushDefaults(options) };
    return checked(
      await push(this.loaded, this.engine, run, this.emitter(options.onEvent)),
      'push',
    );
  }

  /** Builds the images of services with a build section (`build`). */
  async build(options: ComposeBuildOptions = {}): Promise<AppliedImages> {
    const run = { ...runOptions(options), build: buildDefaults(options) };
    return checked(
      await build(this.loaded, this.engine, run, this.emitter(options.onEvent)),
      'build',
    );
  }

  /** The images the project's containers use (`images`). */
  images(options: Partial<ImagesOptions> = {}): Promise<ImageRow[]> {
    return images(this.project.name, this.engine, { services: options.services ?? [] });
  }

  ps(options: Partial<PsOptions> = {}): Promise<PsRow[]> {
    return ps(this.project.name, this.engine, {
      services: options.services ?? [],
      all: options.all ?? false,
      statuses: options.statuses ?? [],
      details: options.details ?? true,
    });
  }

  /**
   * The services' log lines as an async iterable (`for await (const line of
   * compose.logs({ follow: true, signal }))`); following ends when `signal`
   * aborts or the loop breaks.
   */
  logs(options: Partial<LogsOptions> = {}): AsyncIterable<LogLine> {
    return logs(this.project.name, this.engine, {
      ...options,
      services: options.services ?? [],
      follow: options.follow ?? false,
    });
  }

  /** `exec`: a command in the service's running container; resolves to its exit code. */
  exec(options: ExecOptions, streams: LocalStreams = processStdio()) {
    return execInService(this.project.name, this.engine, options, streams);
  }

  /** `run`: the dependencies up (progress as events), then a one-off container. */
  run(options: RunServiceOptions & Pick<CommonRunOptions, 'onEvent'>, streams = processStdio()) {
    return runService(this, this.engine, options, streams, this.emitter(options.onEvent));
  }

  /** `cp` either way between the local filesystem and a service's containers. */
  copy(options: CopyOptions, streams = { stdin: process.stdin, stdout: process.stdout }) {
    return copy(this.project.name, this.engine, options, streams);
  }

  /** `scale SERVICE=N...`; rejects like `up` when blocked or failed. */
  async scale(options: Omit<ScaleOptions, 'parallel'> & CommonRunOptions): Promise<AppliedUp> {
    const run = { ...runOptions(options), ...options };
    return checked(await scale(this, this.engine, run, this.emitter(options.onEvent)), 'up');
  }

  /**
   * Watch mode (`develop.watch`): resolves once the rules' paths are watched
   * (and `initial_sync` done); `stop()` on the handle ends it. Rebuilds and
   * restarts report their executor events here too.
   */
  watch(options: WatchOptions = {}): Promise<WatchHandle> {
    return watch(this.project, this.engine, {
      ...options,
      onExecutorEvent: this.emitter(options.onExecutorEvent),
    });
  }

  /** Every progress event of later calls on this instance, until the loop breaks or `signal` aborts. */
  async *events(signal?: AbortSignal): AsyncGenerator<ExecutorEvent, void, undefined> {
    const queue: ExecutorEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (event: ExecutorEvent) => {
      queue.push(event);
      wake?.();
    };
    const onAbort = () => wake?.();
    this.listeners.add(listener);
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next !== undefined) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private emitter(onEvent?: (event: ExecutorEvent) => void): (event: ExecutorEvent) => void {
    return (event) => {
      onEvent?.(event);
      for (const listener of this.listeners) listener(event);
    };
  }
}

/** A project `up` brought up; disposing it runs `down` (with the `dispose` options of `up`). */
export class Stack implements AsyncDisposable {
  private disposed = false;

  constructor(
    readonly compose: Compose,
    readonly result: AppliedUp,
    private readonly disposeOptions: ComposeDownOptions,
  ) {}

  get project(): Project {
    return this.compose.project;
  }

  ps(options: Partial<PsOptions> = {}): Promise<PsRow[]> {
    return this.compose.ps(options);
  }

  logs(options: Partial<LogsOptions> = {}): AsyncIterable<LogLine> {
    return this.compose.logs(options);
  }

  /** Takes the stack down once; later calls (and disposal after it) do nothing. */
  async down(options: ComposeDownOptions = this.disposeOptions): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.compose.down(options);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.down();
  }
}

function loadOptions(options: LoadProjectOptions | InMemoryModelOptions): LoadProjectOptions {
  if (!('model' in options)) return options;
  const { model, workingDir, ...rest } = options;
  // JSON is YAML: the model goes through the same loader as a file read from stdin.
  const text = JSON.stringify(model);
  return { ...rest, cwd: workingDir, files: ['-'], readStdin: () => text };
}

function upPlan(options: Partial<Omit<UpPlanOptions, 'kind'>>): UpPlanOptions {
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

function runOptions(options: CommonRunOptions) {
  return {
    parallel: options.parallel ?? -1,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.lock !== undefined ? { lock: options.lock } : {}),
  };
}

function checked<R extends UpResult | DownResult | ImageCommandResult>(
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
