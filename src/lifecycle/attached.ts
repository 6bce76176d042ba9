/**
 * Attached `up`: after the plan is applied, follow the logs of the attached
 * services until they have all exited, printing `<name> exited with code N`;
 * the abort policies (`--abort-on-container-exit`, `--abort-on-container-failure`,
 * `--exit-code-from`) stop the project at the first (failing) exit, and Ctrl-C
 * stops it gracefully (a second one kills). Containers restarted or recreated
 * meanwhile are followed again (logs.ts watches the engine's `start` events).
 */
import { Label, type Engine } from '../engine/types.js';
import { dependencyGraph, withDependencies } from '../planner/index.js';
import type { Project } from '../spec/model.js';
import { projectLogEvents, type LoggedContainer, type ProjectLogEvent } from './logs.js';

/** When the first exit of an attached container stops everything. */
export type AbortPolicy = 'never' | 'on-exit' | 'on-failure';

export interface AttachOptions {
  /** Services whose logs are shown and whose exits are awaited. */
  readonly services: readonly string[];
  /** Unix seconds: only output from this time on (the start of `up`), so old runs are not replayed. */
  readonly since: number;
  readonly abort: AbortPolicy;
  /** `--exit-code-from`: exit with this service's code (the policy is then at least `on-exit`). */
  readonly exitCodeFrom?: string;
  /** `-t`: stop timeout when stopping the project. */
  readonly stopTimeoutSeconds?: number;
  /** Aborted by the first Ctrl-C: stop the project gracefully. */
  readonly stopSignal: AbortSignal;
  /** Aborted by the second Ctrl-C: kill what still runs. */
  readonly killSignal: AbortSignal;
}

/** What an attached run reports: the log events, and the moment it starts stopping the project and why. */
export type AttachEvent =
  | ProjectLogEvent
  /** Before streaming: the containers about to be followed (`Attaching to a-1, b-1`). */
  | { readonly kind: 'attaching'; readonly containers: readonly LoggedContainer[] }
  | { readonly kind: 'stopping'; readonly reason: 'interrupted' | 'aborted' }
  | { readonly kind: 'killing' };

export interface AttachResult {
  readonly exitCode: number;
  readonly interrupted: boolean;
}

/** `--attach`, `--no-attach`, `--attach-dependencies` over the services `up` targeted (all when none). */
export function servicesToAttach(
  project: Project,
  targeted: readonly string[],
  flags: {
    readonly attach: readonly string[];
    readonly noAttach: readonly string[];
    readonly attachDependencies: boolean;
  },
): string[] {
  const base =
    flags.attach.length > 0
      ? flags.attach
      : targeted.length === 0
        ? Object.keys(project.services)
        : flags.attachDependencies
          ? [...withDependencies(dependencyGraph(project), targeted)]
          : targeted;
  const excluded = new Set(flags.noAttach);
  return [...new Set(base)].filter((name) => !excluded.has(name)).sort();
}

const INTERRUPTED_EXIT_CODE = 130;

export async function attachToProject(
  projectName: string,
  engine: Engine,
  options: AttachOptions,
  onEvent: (event: AttachEvent) => void,
): Promise<AttachResult> {
  const policy: AbortPolicy =
    options.exitCodeFrom !== undefined && options.abort === 'never' ? 'on-exit' : options.abort;
  const stopper = new ProjectStopper(projectName, engine, options.stopTimeoutSeconds);
  const exitCodes = new Map<string, number>();
  const running = new Set<string>();
  let abortCode: number | undefined;
  const onStop = () => {
    onEvent({ kind: 'stopping', reason: 'interrupted' });
    stopper.stop();
  };
  const onKill = () => {
    onEvent({ kind: 'killing' });
    stopper.kill();
  };
  options.stopSignal.addEventListener('abort', onStop, { once: true });
  options.killSignal.addEventListener('abort', onKill, { once: true });
  try {
    const present = (await engine.listContainers({ project: projectName, all: true }))
      .filter((c) => options.services.includes(c.labels[Label.service] ?? ''))
      .filter((c) => (c.labels[Label.oneoff] ?? '').toLowerCase() !== 'true')
      .map((c) => ({ id: c.id, name: c.name, service: c.labels[Label.service] ?? '' }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (present.length === 0) return { exitCode: 0, interrupted: options.stopSignal.aborted };
    onEvent({ kind: 'attaching', containers: present });
    const events = projectLogEvents(projectName, engine, {
      services: options.services,
      follow: true,
      since: options.since,
    });
    for await (const event of events) {
      onEvent(event);
      if (event.kind === 'attached') running.add(event.container.id);
      if (event.kind !== 'exited' || event.restarting) continue;
      running.delete(event.container.id);
      exitCodes.set(event.container.service, event.exitCode);
      const triggers = policy === 'on-exit' || (policy === 'on-failure' && event.exitCode !== 0);
      if (triggers && !stopper.started) {
        abortCode = event.exitCode;
        onEvent({ kind: 'stopping', reason: 'aborted' });
        stopper.stop();
      }
      if (running.size === 0) break;
    }
    await stopper.settled();
  } finally {
    options.stopSignal.removeEventListener('abort', onStop);
    options.killSignal.removeEventListener('abort', onKill);
  }
  const interrupted = options.stopSignal.aborted;
  if (interrupted) return { exitCode: INTERRUPTED_EXIT_CODE, interrupted };
  if (options.exitCodeFrom !== undefined)
    return {
      exitCode:
        exitCodes.get(options.exitCodeFrom) ??
        (await lastExitCode(engine, projectName, options.exitCodeFrom)),
      interrupted,
    };
  return { exitCode: abortCode ?? 0, interrupted };
}

/** The exit code of a service's (first) container, for `--exit-code-from` naming a service whose exit was not seen. */
async function lastExitCode(engine: Engine, projectName: string, service: string): Promise<number> {
  const containers = await engine.listContainers({ project: projectName, all: true });
  const mine = containers.filter((c) => c.labels[Label.service] === service);
  return mine.find((c) => c.exitCode !== undefined)?.exitCode ?? 0;
}

/** Stops (then, if asked, kills) the project's running containers; each at most once in flight. */
class ProjectStopper {
  private stopping: Promise<unknown> | undefined;
  private killing: Promise<unknown> | undefined;

  constructor(
    private readonly projectName: string,
    private readonly engine: Engine,
    private readonly timeoutSeconds: number | undefined,
  ) {}

  get started(): boolean {
    return this.stopping !== undefined;
  }

  stop(): void {
    this.stopping ??= handled(
      this.each((id) =>
        this.engine.stopContainer(
          id,
          this.timeoutSeconds !== undefined ? { timeoutSeconds: this.timeoutSeconds } : {},
        ),
      ),
    );
  }

  kill(): void {
    this.killing ??= handled(this.each((id) => this.engine.killContainer(id, 'SIGKILL')));
  }

  async settled(): Promise<void> {
    await this.stopping;
    await this.killing;
  }

  /** Every running, non-one-off container of the project; failures are ignored because a container that stopped (or vanished) meanwhile is the goal reached. */
  private async each(action: (id: string) => Promise<void>): Promise<unknown> {
    const containers = await this.engine.listContainers({ project: this.projectName, all: false });
    return Promise.allSettled(
      containers
        .filter((c) => (c.labels[Label.oneoff] ?? '').toLowerCase() !== 'true')
        .map((c) => action(c.id)),
    );
  }
}

/** Marks a promise handled now (it is awaited later, in `settled`), so an early rejection is not reported as unhandled. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
