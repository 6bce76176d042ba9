/**
 * What a watch session does with a batch, per service and in this order:
 * rebuild → sync → restart → exec (Docker Compose's order); services of one
 * batch in parallel. Also the initial sync and the re-sync of a container
 * that starts after missing changes. Every failure becomes an `error` event:
 * watching goes on.
 */
import { Label, type Engine } from '../engine/types.js';
import type { Project } from '../spec/model.js';
import { restartService, runHook, runningContainers, type RebuildService } from './actions.js';
import { ChangeLog } from './change-log.js';
import { batchChanges, type SkippedPath } from './match.js';
import type { WatchSetup } from './setup.js';
import { syncToContainers, type SyncContainer } from './sync.js';
import { collectSync } from './tar.js';
import { syncsFiles } from './rules.js';
import type { ServiceChanges, SyncReason, WatchEvent } from './types.js';

/** Batches bigger than this get a note: Docker Compose warns at the same size. */
const LARGE_BATCH = 1000;

export interface RunnerDeps {
  readonly project: Project;
  readonly engine: Engine;
  readonly setup: WatchSetup;
  readonly rebuild: RebuildService;
  readonly emit: (event: WatchEvent) => void;
  readonly signal: AbortSignal;
  readonly now?: () => number;
  /** Containers synced at once; default 16 as in Docker Compose. */
  readonly concurrency?: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class BatchRunner {
  private readonly log = new ChangeLog();
  private readonly warned = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** Containers that exist when watching starts are taken as up to date. */
  async baseline(): Promise<void> {
    const { engine, project, setup } = this.deps;
    for (const service of setup.services)
      for (const container of await runningOrStopped(engine, project.name, service))
        this.log.baseline(container.id);
  }

  /** `initial_sync`: each such rule's whole path into the service's running containers. */
  async initialSync(): Promise<void> {
    const byService = new Map<string, ServiceChanges['sync'][number][]>();
    for (const { rule, filter } of this.deps.setup.rules) {
      if (!rule.initialSync || !syncsFiles(rule.action) || rule.target === undefined) continue;
      const items = byService.get(rule.service) ?? [];
      items.push({
        hostPath: rule.path,
        containerPath: rule.target,
        accepts: filter.accepts,
        root: true,
      });
      byService.set(rule.service, items);
    }
    await Promise.all(
      [...byService].map(async ([service, items]) => {
        this.log.record(service, items);
        await this.syncService(service, 'initial');
      }),
    );
  }

  async handleBatch(paths: readonly string[]): Promise<void> {
    if (paths.length > LARGE_BATCH)
      this.deps.emit({
        type: 'warning',
        message: `${paths.length} files changed at once (switched branches?): syncing them as one batch`,
      });
    const { services, skipped } = batchChanges(
      paths,
      this.deps.setup.rules,
      this.deps.setup.bindSources,
    );
    for (const skip of skipped) this.warnSkipped(skip);
    await Promise.all(services.map((changes) => this.runService(changes)));
  }

  /** A container of a watched service started: give it what it missed, if anything. */
  async resync(service: string, container: SyncContainer): Promise<void> {
    await this.syncService(service, 'resync', [container]);
  }

  forget(containerId: string): void {
    this.log.forget(containerId);
  }

  private async runService(changes: ServiceChanges): Promise<void> {
    const { service } = changes;
    const { emit, signal } = this.deps;
    if (changes.rebuild) {
      const started = this.now();
      try {
        const result = await this.deps.rebuild(service, signal);
        const pruned = result?.prunedImages ?? [];
        emit({
          type: 'rebuilt',
          service,
          durationMs: this.now() - started,
          ...(pruned.length > 0 ? { prunedImages: pruned } : {}),
        });
      } catch (error) {
        emit({ type: 'error', service, action: 'rebuild', message: message(error) });
      }
    }
    if (changes.sync.length > 0) {
      this.log.record(service, changes.sync);
      await this.syncService(service, 'change');
    }
    if (changes.restart) await this.restart(service);
    if (changes.exec.length > 0) await this.exec(changes);
  }

  private async restart(service: string): Promise<void> {
    const { engine, project, emit, signal } = this.deps;
    const started = this.now();
    try {
      const containers = await runningContainers(engine, project.name, service);
      await restartService(project, engine, service, signal);
      emit({
        type: 'restarted',
        service,
        containers: containers.map((c) => c.name),
        durationMs: this.now() - started,
      });
    } catch (error) {
      emit({ type: 'error', service, action: 'restart', message: message(error) });
    }
  }

  private async exec(changes: ServiceChanges): Promise<void> {
    const { engine, project, emit } = this.deps;
    const { service } = changes;
    try {
      const containers = await runningContainers(engine, project.name, service);
      // Hooks one after another (their order is the rules' order), containers in parallel.
      for (const hook of changes.exec) {
        const outcomes = await Promise.allSettled(
          containers.map((c) => runHook(engine, c, hook, this.now)),
        );
        outcomes.forEach((outcome, index) => {
          if (outcome.status === 'fulfilled') {
            const { container, exitCode, output, durationMs } = outcome.value;
            emit({
              type: 'exec',
              service,
              container: container.name,
              command: hook.command,
              exitCode,
              output,
              durationMs,
            });
          } else {
            const container = containers[index]!.name;
            emit({
              type: 'error',
              service,
              action: 'exec',
              message: `${container}: ${message(outcome.reason)}`,
            });
          }
        });
      }
    } catch (error) {
      emit({ type: 'error', service, action: 'exec', message: message(error) });
    }
  }

  /**
   * Sends each running container of the service what it has not got yet.
   * Containers at the same point share one collection of the files.
   */
  private async syncService(
    service: string,
    reason: SyncReason,
    only?: readonly SyncContainer[],
  ): Promise<void> {
    const { engine, project, emit } = this.deps;
    try {
      const containers = only ?? (await runningContainers(engine, project.name, service));
      const groups = new Map<
        string,
        { containers: SyncContainer[]; upTo: number; items: ServiceChanges['sync'] }
      >();
      for (const container of containers) {
        const pending = this.log.pending(service, container.id);
        if (pending.items.length === 0) continue;
        const key = `${pending.since}`;
        const group = groups.get(key) ?? {
          containers: [],
          upTo: pending.upTo,
          items: pending.items,
        };
        group.containers.push(container);
        groups.set(key, group);
      }
      for (const group of groups.values()) {
        const started = this.now();
        const collected = await collectSync(group.items);
        const results = await syncToContainers(
          engine,
          group.containers,
          collected,
          this.deps.concurrency,
        );
        const copied: string[] = [];
        for (const result of results) {
          if (result.copied) {
            this.log.markSynced(result.container.id, group.upTo);
            copied.push(result.container.name);
          }
          if (result.error)
            emit({
              type: 'error',
              service,
              action: 'sync',
              message: `${result.container.name}: ${result.error.message}`,
            });
        }
        if (copied.length === 0) continue;
        emit({
          type: 'synced',
          service,
          reason,
          files: collected.entries.filter((e) => e.type !== 'directory').length,
          removed: collected.removed.length,
          containers: copied,
          durationMs: this.now() - started,
        });
      }
    } catch (error) {
      emit({ type: 'error', service, action: 'sync', message: message(error) });
    }
  }

  private warnSkipped(skip: SkippedPath): void {
    const key = `${skip.service}\0${skip.reason}\0${skip.detail}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const text =
      skip.reason === 'bind-mount'
        ? `not syncing ${skip.hostPath}: it is under the bind mount of ${skip.detail} (further files there are skipped silently)`
        : `refusing to sync ${skip.hostPath}: it falls outside the target ${skip.detail}`;
    this.deps.emit({ type: 'warning', service: skip.service, message: text });
  }
}

/** Every container of the service, running or not (one-offs excluded). */
async function runningOrStopped(engine: Engine, project: string, service: string) {
  const list = await engine.listContainers({ project, all: true });
  return list.filter(
    (c) =>
      c.labels[Label.service] === service &&
      (c.labels[Label.oneoff] ?? '').toLowerCase() !== 'true',
  );
}
