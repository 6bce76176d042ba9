/**
 * `run SERVICE [CMD...]` after its prerequisites (run-prepare.ts): the one-off
 * container is created from the planner's spec (run-spec.ts), attached before
 * it starts so no output is missed (stdin with `-i`, a raw TTY following the
 * terminal's size with a TTY, signals forwarded without one), waited for, and
 * removed with `--rm`. `-d` starts it and returns its id.
 */
import { randomBytes } from 'node:crypto';
import { Label, type Engine, type EngineWarningSink } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import type { ResolvedNames } from '../planner/index.js';
import { containerName, serviceImage } from '../planner/names.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { Project } from '../spec/model.js';
import { forwardSignals, rawMode, terminalSizes, type LocalStreams } from './exec-terminal.js';
import { prepareRun, type RunPrepareOptions, type RunPrepareResult } from './run-prepare.js';
import { oneOffContainerSpec, type OneOffOptions } from './run-spec.js';

export interface RunContainerOptions extends OneOffOptions {
  /** `-d`: start and return the id. */
  readonly detach?: boolean;
  /** `--rm`: remove the container (and its anonymous volumes) once it exits. */
  readonly remove?: boolean;
}

export type RunContainerResult =
  | { readonly kind: 'detached'; readonly containerId: string; readonly name: string }
  | {
      readonly kind: 'exited';
      readonly containerId: string;
      readonly name: string;
      readonly exitCode: number;
    };

/** How long the output may take to drain after the container stopped (a hijacked stream may not end). */
const DRAIN_MS = 2000;

/** `service:x` references resolve to x's first container, as the planner resolves them. */
async function currentNames(engine: Engine, project: Project): Promise<ResolvedNames> {
  const containers = await engine.listContainers({ project: project.name, all: true });
  return {
    containerName: (service) => {
      const own = containers
        .filter((c) => c.labels[Label.service] === service)
        .filter((c) => (c.labels[Label.oneoff] ?? '').toLowerCase() !== 'true')
        .sort(
          (a, b) =>
            Number(a.labels[Label.containerNumber] ?? 0) -
            Number(b.labels[Label.containerNumber] ?? 0),
        );
      if (own[0]) return own[0].name;
      const config = project.services[service];
      return config ? containerName(project, config, 1) : undefined;
    },
  };
}

export async function runContainer(
  project: Project,
  engine: Engine,
  options: RunContainerOptions,
  streams: LocalStreams,
  warn: EngineWarningSink,
): Promise<RunContainerResult> {
  const detach = options.detach === true;
  const remove = options.remove === true;
  const slug = randomBytes(32).toString('hex');
  const service = project.services[options.service];
  if (!service)
    throw ComposeError.of({
      code: 'usage.service',
      message: `no such service: ${options.service}`,
    });
  const names = await currentNames(engine, project);
  const image = await engine.inspectImage(serviceImage(project, service));
  const spec = oneOffContainerSpec(
    project,
    // Detached, only the engine is there to remove it when it exits.
    { ...options, autoRemove: detach && remove },
    slug,
    { ...names, ...(image ? { imageId: image.id } : {}) },
  );
  const { id } = await engine.createContainer(spec, warn);
  if (detach) {
    await engine.startContainer(id);
    return { kind: 'detached', containerId: id, name: spec.name };
  }
  try {
    return await attachAndWait(engine, id, spec.name, spec.tty, options, streams);
  } finally {
    if (remove) await engine.removeContainer(id, { force: true, volumes: true });
  }
}

async function attachAndWait(
  engine: Engine,
  id: string,
  name: string,
  tty: boolean,
  options: RunContainerOptions,
  streams: LocalStreams,
): Promise<RunContainerResult> {
  const attachment = await engine.attachContainer(id, {
    tty,
    stdout: streams.stdout,
    stderr: streams.stderr,
    ...(options.interactive !== false ? { stdin: streams.stdin } : {}),
    ...(tty ? { terminal: terminalSizes(streams.stdout) } : {}),
  });
  const restoreTerminal = tty ? rawMode(streams.stdin) : () => undefined;
  const stopForwarding = tty
    ? () => undefined
    : forwardSignals((signal) => void engine.killContainer(id, signal).catch(() => undefined));
  try {
    await engine.startContainer(id);
    await attachment.resize();
    const { exitCode } = await engine.waitContainer(id, 'not-running');
    await drained(attachment.ended);
    return { kind: 'exited', containerId: id, name, exitCode };
  } finally {
    restoreTerminal();
    stopForwarding();
    attachment.close();
  }
}

function drained(ended: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)));
  return Promise.race([ended.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

export interface RunServiceOptions
  extends RunContainerOptions, Omit<RunPrepareOptions, 'service' | 'parallel'> {
  readonly parallel?: number;
}

/** Raised when what `run` starts first is blocked or fails; `outcome` holds the details. */
export class RunPrerequisitesError extends Error {
  readonly exitCode = 1;
  constructor(readonly outcome: RunPrepareResult) {
    const reasons =
      outcome.status === 'blocked'
        ? outcome.plan.blockers.map((blocker) => blocker.message)
        : outcome.result.failed.map(({ id, error }) => `${id}: ${error.message}`);
    super(`run: the dependencies could not be brought up: ${reasons.join('; ')}`);
    this.name = 'RunPrerequisitesError';
  }
}

/** `run` for library callers: prerequisites (progress to `onEvent`), then the one-off container. */
export async function runService(
  source: { readonly project: Project },
  engine: Engine,
  options: RunServiceOptions,
  streams: LocalStreams,
  onEvent: (event: ExecutorEvent) => void,
): Promise<RunContainerResult> {
  const prepared = await prepareRun(
    source,
    engine,
    { ...options, parallel: options.parallel ?? -1 },
    onEvent,
  );
  if (prepared.status === 'blocked' || !prepared.ok) throw new RunPrerequisitesError(prepared);
  return runContainer(source.project, engine, options, streams, (message) =>
    onEvent({ type: 'warning', message }),
  );
}
