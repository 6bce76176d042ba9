/**
 * The library facade: a loaded project bound to an engine, with `plan`, `up`,
 * `down`, `ps`, `logs` and progress events. A thin layer over `lifecycle/*` (the same
 * functions the commands call), so the CLI and the library cannot drift apart.
 * See docs/library.md.
 */
import { openEngine } from './engine/index.js';
import type { Engine } from './engine/types.js';
import type { ExecutorEvent } from './executor/types.js';
import { build, buildDefaults } from './lifecycle/build.js';
import { down } from './lifecycle/down.js';
import { images, type ImageRow, type ImagesOptions } from './lifecycle/images.js';
import { pull, pullDefaults } from './lifecycle/pull.js';
import { push, pushDefaults } from './lifecycle/push.js';
import type { LogLine } from './lifecycle/log-stream.js';
import { logs, type LogsOptions } from './lifecycle/logs.js';
import { copy, type CopyOptions } from './lifecycle/cp.js';
import { execInService, type ExecOptions } from './lifecycle/exec.js';
import { processStdio, type LocalStreams } from './lifecycle/exec-terminal.js';
import { ps, type PsOptions } from './lifecycle/ps.js';
import { runService, type RunServiceOptions } from './lifecycle/run.js';
import { scale, type ScaleOptions } from './lifecycle/scale.js';
import { planProjectUp, up } from './lifecycle/up.js';
import { watch, type WatchHandle, type WatchOptions } from './watch/session.js';
import type { DownPlanOptions, Plan, UpPlanOptions } from './planner/types.js';
import { loadProject, type LoadedProject, type LoadProjectOptions } from './spec/load.js';
import type { Project } from './spec/model.js';
import type { PsRow } from './ui/ps-table.js';
import {
  checked,
  loadOptions,
  runOptions,
  upPlan,
  type AppliedDown,
  type AppliedImages,
  type AppliedUp,
  type CommonRunOptions,
  type ComposeBuildOptions,
  type ComposeDownOptions,
  type ComposePullOptions,
  type ComposePushOptions,
  type ComposeUpOptions,
  type EngineChoice,
  type InMemoryModelOptions,
} from './compose-options.js';
import { Stack } from './stack.js';

export {
  ComposeRunError,
  type ComposeBuildOptions,
  type ComposeDownOptions,
  type ComposePullOptions,
  type ComposePushOptions,
  type ComposeUpOptions,
  type EngineChoice,
  type InMemoryModelOptions,
} from './compose-options.js';
export { Stack } from './stack.js';

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
