/**
 * The non-sync actions of a batch: restart a service (through the lifecycle's
 * restart, so `restart: true` dependents follow, as in Docker Compose), run
 * `sync+exec` hooks in each container, and the default `rebuild`.
 */
import { Writable } from 'node:stream';
import { Label, type Engine } from '../engine/types.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import { restart, servicesToRestart } from '../lifecycle/restart.js';
import { up } from '../lifecycle/up.js';
import { serviceImage, shortImageId } from '../planner/names.js';
import type { Project } from '../spec/model.js';
import { imageIdOf, imagesInUseBy, pruneReplacedImage } from './prune.js';
import type { SyncContainer } from './sync.js';
import type { ExecHook } from './types.js';

/** What a rebuild tells besides success: the images it pruned (ids), if any. */
export interface RebuildResult {
  readonly prunedImages?: readonly string[];
}

/** Rebuilds one service and recreates its containers; rejects with a message for the user. */
export type RebuildService = (
  service: string,
  signal: AbortSignal,
) => Promise<RebuildResult | void>;

/** The service's running containers (one-off `run` containers excluded), by name. */
export async function runningContainers(
  engine: Engine,
  project: string,
  service: string,
): Promise<SyncContainer[]> {
  const list = await engine.listContainers({ project, all: false });
  return list
    .filter(
      (c) =>
        c.state === 'running' &&
        c.labels[Label.service] === service &&
        (c.labels[Label.oneoff] ?? '').toLowerCase() !== 'true',
    )
    .map((c) => ({ id: c.id, name: c.name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function failures(result: ApplyResult): string {
  return result.failed.map(({ id, error }) => `${id}: ${error.message}`).join('; ');
}

/** Restarts the service's containers and the dependents that declared `restart: true` on it. */
export async function restartService(
  project: Project,
  engine: Engine,
  service: string,
  signal: AbortSignal,
  onEvent: (event: ExecutorEvent) => void = () => undefined,
): Promise<void> {
  const outcome = await restart(
    { project },
    engine,
    { services: [service], noDeps: false, parallel: -1, signal },
    onEvent,
  );
  if (!outcome.ok) throw new Error(failures(outcome.result));
}

export interface ExecOutcome {
  readonly container: SyncContainer;
  readonly exitCode: number;
  readonly output: string;
  readonly durationMs: number;
}

/** Runs one hook in one container, output (stdout and stderr) gathered. */
export async function runHook(
  engine: Engine,
  container: SyncContainer,
  hook: ExecHook,
  now: () => number = () => performance.now(),
): Promise<ExecOutcome> {
  const chunks: Buffer[] = [];
  const sink = () =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
  const started = now();
  const { exitCode } = await engine.exec(container.id, {
    command: hook.command,
    privileged: hook.privileged,
    ...(hook.user !== undefined ? { user: hook.user } : {}),
    ...(hook.workingDir !== undefined ? { workingDir: hook.workingDir } : {}),
    ...(hook.environment.length > 0 ? { env: hook.environment } : {}),
    stdout: sink(),
    stderr: sink(),
  });
  return {
    container,
    exitCode,
    output: Buffer.concat(chunks).toString('utf8').trimEnd(),
    durationMs: now() - started,
  };
}

/** What `rebuildThroughUp` does besides the rebuild itself. */
export interface RebuildOptions {
  /** Executor events of the plans it runs (the build's output among them). */
  readonly onEvent?: (event: ExecutorEvent) => void;
  /** `--prune`: remove the service's previous image when the rebuild left it dangling and unused. */
  readonly prune?: boolean;
  /** Something worth telling that did not fail the rebuild (a prune that failed). */
  readonly onWarning?: (service: string, message: string) => void;
}

/**
 * The default `rebuild`: `up --no-deps --force-recreate SERVICE` through the
 * planner (so the reason of each action is the planner's), building when the
 * service has a `build` section, then a restart of the dependents that
 * declared `restart: true` on it. Dependencies are not touched. With `prune`,
 * the image the service ran before goes once nothing needs it (prune.ts).
 * The third argument may be the executor-event callback alone (older callers).
 */
export function rebuildThroughUp(
  project: Project,
  engine: Engine,
  options: RebuildOptions | ((event: ExecutorEvent) => void) = {},
): RebuildService {
  const {
    onEvent = () => undefined,
    prune = false,
    onWarning,
  } = typeof options === 'function' ? { onEvent: options } : options;
  return async (service, signal) => {
    const config = project.services[service];
    const reference = config !== undefined ? serviceImage(project, config) : undefined;
    const warn = (error: unknown, what: string) =>
      onWarning?.(service, `${what}: ${error instanceof Error ? error.message : String(error)}`);
    const previous =
      prune && config?.build !== undefined && reference !== undefined
        ? await imagesInUseBy(engine, project.name, service, reference).catch((error: unknown) => {
            warn(error, 'not pruning: could not list the previous images');
            return [];
          })
        : [];
    const outcome = await up(
      { project },
      engine,
      {
        plan: {
          kind: 'up',
          services: [service],
          noDeps: true,
          recreate: 'force',
          recreateDependencies: 'never',
          renewAnonVolumes: false,
          scale: {},
          removeOrphans: false,
          build: config?.build !== undefined ? 'always' : 'auto',
          noStart: false,
          now: Date.now(),
        },
        parallel: -1,
        signal,
        wait: false,
      },
      onEvent,
    );
    if (outcome.status === 'blocked')
      throw new Error(outcome.plan.blockers.map((b) => b.message).join('; '));
    if (!outcome.ok) throw new Error(failures(outcome.result));
    // After the recreate, so the old containers no longer hold the images.
    const prunedImages =
      previous.length > 0 && reference !== undefined
        ? await pruneAll(engine, previous, reference, warn)
        : [];
    const result = prunedImages.length > 0 ? { prunedImages } : {};
    const dependents = servicesToRestart(project, [service], false).filter((s) => s !== service);
    if (dependents.length === 0) return result;
    const restarted = await restart(
      { project },
      engine,
      { services: dependents, noDeps: true, parallel: -1, signal },
      onEvent,
    );
    if (!restarted.ok) throw new Error(failures(restarted.result));
    return result;
  };
}

/** Prunes each previous image; a failure is a warning, never a failed rebuild. */
async function pruneAll(
  engine: Engine,
  previous: readonly string[],
  reference: string,
  warn: (error: unknown, what: string) => void,
): Promise<string[]> {
  const pruned: string[] = [];
  try {
    const current = await imageIdOf(engine, reference);
    for (const image of previous) {
      try {
        const outcome = await pruneReplacedImage(engine, image, current);
        if (outcome.kind === 'removed') pruned.push(outcome.image);
      } catch (error) {
        warn(error, `could not remove the previous image ${shortImageId(image)}`);
      }
    }
  } catch (error) {
    warn(error, 'not pruning: could not inspect the new image');
  }
  return pruned;
}
