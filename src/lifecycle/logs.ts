/**
 * `logs` as a library call: the lines of every container of the chosen
 * services, merged in arrival order. With `follow`, containers started later
 * (scaled, recreated, restarted) are picked up from the engine's event stream,
 * so a `logs -f` never goes silent after a recreate (docker/compose#8925).
 */
import { EngineError } from '../engine/errors.js';
import type { Engine } from '../engine/types.js';
import { Label, type ContainerSummary } from '../engine/types.js';
import { timestampSeconds } from './log-time.js';
import { Channel, containerLogLines, type LogLine } from './log-stream.js';

export type { LogLine, LogSource } from './log-stream.js';

export interface LogsOptions {
  /** Services to show; empty = all. */
  readonly services: readonly string[];
  /** `--index`: only the container with this number. */
  readonly index?: number;
  readonly follow: boolean;
  /** `-n/--tail`: lines from the end of each container's log (absent = all); not applied to containers that start later. */
  readonly tail?: number;
  /** `--since`, Unix seconds. */
  readonly since?: number;
  /** `--until`, Unix seconds: later lines are dropped, and following ends at that time. */
  readonly until?: number;
  /** Ends the iteration (Ctrl-C); the iterable then simply finishes. */
  readonly signal?: AbortSignal;
}

/** A container being followed. */
export interface LoggedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
}

/** What following a project reports: containers joining, their lines, their exits (follow mode only). */
export type ProjectLogEvent =
  | { readonly kind: 'attached'; readonly container: LoggedContainer }
  | { readonly kind: 'line'; readonly entry: LogLine }
  | {
      readonly kind: 'exited';
      readonly container: LoggedContainer;
      readonly exitCode: number;
      /** The engine restarts it (restart policy): it will be followed again when it starts. */
      readonly restarting: boolean;
    };

/** The lines of the project's containers, as the `logs` command prints them. */
export async function* logs(
  projectName: string,
  engine: Engine,
  options: LogsOptions,
): AsyncGenerator<LogLine> {
  for await (const event of projectLogEvents(projectName, engine, options))
    if (event.kind === 'line') yield event.entry;
}

/** Lines plus attach/exit notices, for consumers that track containers (attached `up`). */
export async function* projectLogEvents(
  projectName: string,
  engine: Engine,
  options: LogsOptions,
): AsyncGenerator<ProjectLogEvent> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal?.aborted) return;
  options.signal?.addEventListener('abort', abort, { once: true });
  const untilTimer =
    options.follow && options.until !== undefined
      ? setTimeout(abort, Math.max(0, options.until * 1000 - Date.now()))
      : undefined;
  const channel = new Channel<ProjectLogEvent>();
  const follower = new ProjectFollower(projectName, engine, options, controller.signal, (event) =>
    channel.push(event),
  );
  follower.run().then(
    () => channel.close(),
    (error: unknown) => channel.fail(error),
  );
  try {
    yield* channel;
  } finally {
    controller.abort();
    clearTimeout(untilTimer);
    options.signal?.removeEventListener('abort', abort);
  }
}

const isOneOff = (labels: Readonly<Record<string, string>>) =>
  (labels[Label.oneoff] ?? '').toLowerCase() === 'true';

class ProjectFollower {
  /** Ids of containers whose log stream is open, so a `start` event does not open a second one. */
  private readonly active = new Set<string>();
  private readonly pumps = new Set<Promise<void>>();
  /** Per container, the time of the last line shown (or when following it began): where a restart resumes. */
  private readonly lastSeconds = new Map<string, number>();

  constructor(
    private readonly projectName: string,
    private readonly engine: Engine,
    private readonly options: LogsOptions,
    private readonly signal: AbortSignal,
    private readonly emit: (event: ProjectLogEvent) => void,
  ) {}

  async run(): Promise<void> {
    const startedAt = Date.now() / 1000;
    const summaries = await this.engine.listContainers({ project: this.projectName, all: true });
    const chosen = summaries
      .filter((summary) => this.wanted(summary.labels))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const summary of chosen)
      this.follow(toLogged(summary), {
        ...(this.options.tail !== undefined ? { tail: this.options.tail } : {}),
        ...(this.options.since !== undefined ? { since: this.options.since } : {}),
      });
    if (this.options.follow) await this.watchStarts(startedAt);
    while (this.pumps.size > 0) await Promise.allSettled([...this.pumps]);
  }

  private wanted(labels: Readonly<Record<string, string>>): boolean {
    const service = labels[Label.service];
    if (service === undefined || isOneOff(labels)) return false;
    if (this.options.services.length > 0 && !this.options.services.includes(service)) return false;
    return (
      this.options.index === undefined ||
      Number(labels[Label.containerNumber]) === this.options.index
    );
  }

  /**
   * Follows containers the engine starts from now on (events since `startedAt`
   * are replayed, closing the gap after the list). A container never seen
   * before is read from the start (its first lines can predate the `start`
   * event); a restarted one from just after its last line we showed.
   */
  private async watchStarts(startedAt: number): Promise<void> {
    const events = this.engine.events({ project: this.projectName, since: startedAt }, this.signal);
    for await (const event of events) {
      if (event.type !== 'container' || event.action !== 'start') continue;
      if (!this.wanted(event.attributes) || this.active.has(event.id)) continue;
      const resumeAt = this.lastSeconds.get(event.id);
      const since = resumeAt !== undefined ? resumeAt + 1e-6 : this.options.since;
      this.follow(
        {
          id: event.id,
          name: event.attributes['name'] ?? event.id.slice(0, 12),
          service: event.attributes[Label.service] ?? '',
        },
        since !== undefined ? { since } : {},
      );
    }
  }

  private follow(container: LoggedContainer, from: { tail?: number; since?: number }): void {
    if (this.active.has(container.id) || this.signal.aborted) return;
    this.active.add(container.id);
    this.emit({ kind: 'attached', container });
    const pump: Promise<void> = this.pump(container, from)
      .then((next) => {
        this.active.delete(container.id);
        // The stream ended but the container runs again (a quick restart): pick it up where it stopped.
        if (next !== undefined) this.follow(container, { since: next });
      })
      .finally(() => this.pumps.delete(pump));
    this.pumps.add(pump);
  }

  /** Streams one container; returns where to resume when it is running again, undefined when done. */
  private async pump(
    container: LoggedContainer,
    from: { tail?: number; since?: number },
  ): Promise<number | undefined> {
    const until = this.options.until;
    if (!this.lastSeconds.has(container.id)) this.lastSeconds.set(container.id, Date.now() / 1000);
    try {
      const lines = containerLogLines(
        this.engine,
        container,
        { follow: this.options.follow, ...from },
        this.signal,
      );
      for await (const entry of lines) {
        const seconds =
          entry.timestamp !== undefined ? timestampSeconds(entry.timestamp) : undefined;
        if (until !== undefined && seconds !== undefined && seconds > until) continue;
        if (seconds !== undefined) this.lastSeconds.set(container.id, seconds);
        this.emit({ kind: 'line', entry });
      }
      if (!this.options.follow || this.signal.aborted) return undefined;
      const state = await this.containerState(container.id);
      if (state === undefined) return undefined;
      if (state.running) return this.lastSeconds.get(container.id)! + 1e-6;
      this.emit({
        kind: 'exited',
        container,
        exitCode: state.exitCode,
        restarting: state.restarting,
      });
    } catch (error) {
      // A container removed while we read it (a recreate, `down`) just ends its story; anything else is real.
      if (!(error instanceof EngineError && error.code === 'not-found')) throw error;
    }
    return undefined;
  }

  private async containerState(
    id: string,
  ): Promise<{ running: boolean; restarting: boolean; exitCode: number } | undefined> {
    try {
      const inspect = await this.engine.inspectContainer(id);
      const state = (inspect['State'] ?? {}) as {
        Running?: boolean;
        Restarting?: boolean;
        ExitCode?: number;
      };
      return {
        running: Boolean(state.Running) && !state.Restarting,
        restarting: Boolean(state.Restarting),
        exitCode: state.ExitCode ?? 0,
      };
    } catch {
      return undefined;
    }
  }
}

function toLogged(summary: ContainerSummary): LoggedContainer {
  return { id: summary.id, name: summary.name, service: summary.labels[Label.service] ?? '' };
}
