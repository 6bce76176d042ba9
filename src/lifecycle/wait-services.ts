/**
 * `up --wait`: after the plan is applied, wait until every selected service's
 * containers are running, healthy when they report health, or — for one-shot
 * services another service adopts with `service_completed_successfully` —
 * exited with code 0. A bounded poll of one container list per round (no
 * inspect), so any backend of the `Engine` port works. Progress is reported as
 * `container.wait` actions, so every renderer shows it like the executor's waits.
 */
import { Label, type ContainerSummary, type Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import { dependencyGraph } from '../planner/index.js';
import type { Action } from '../planner/types.js';
import type { Project } from '../spec/model.js';

export interface WaitOptions {
  readonly services: readonly string[];
  /** ms; undefined = no limit. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly pollMs?: number;
}

export interface WaitFailure {
  readonly service: string;
  readonly error: Error;
}

export class ServiceWaitError extends Error {
  readonly code = 'lifecycle.wait';
  constructor(
    readonly service: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceWaitError';
  }
}

type Verdict = 'ready' | 'pending' | { readonly failed: string };

/** Where one service stands, from its containers in one list. */
export function serviceVerdict(
  service: string,
  containers: readonly ContainerSummary[],
  mayExit: boolean,
): Verdict {
  if (containers.length === 0) return { failed: `service ${service} has no container` };
  for (const container of containers) {
    if (container.state === 'exited' || container.state === 'dead') {
      const code = container.exitCode ?? 0;
      if (mayExit && code === 0) continue;
      return { failed: `service ${service} exited with code ${code}` };
    }
    if (container.health === 'unhealthy') return { failed: `service ${service} is unhealthy` };
    if (container.state !== 'running' || container.health === 'starting') return 'pending';
  }
  return 'ready';
}

/** Services adopted as one-shots: some service waits for them with `service_completed_successfully`. */
function oneShots(project: Project): Set<string> {
  const graph = dependencyGraph(project);
  const result = new Set<string>();
  for (const edges of graph.dependencies.values())
    for (const edge of edges)
      if (edge.condition === 'service_completed_successfully') result.add(edge.service);
  return result;
}

/** Whether the service declares a healthcheck that is not disabled (the image's own is judged from the list). */
function declaresHealthcheck(project: Project, service: string): boolean {
  const healthcheck = project.services[service]?.healthcheck;
  if (!healthcheck || healthcheck.disable === true) return false;
  return healthcheck.test?.[0] !== 'NONE';
}

function waitAction(service: string, mayExit: boolean, healthy: boolean): Action {
  return {
    type: 'container.wait',
    id: `wait:${service}`,
    after: [],
    reason: 'up --wait',
    service,
    condition: mayExit
      ? 'service_completed_successfully'
      : healthy
        ? 'service_healthy'
        : 'service_started',
    required: true,
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Resolves with the services that failed (empty = all ready); never rejects for a service's state. */
export async function waitForServices(
  project: Project,
  engine: Engine,
  options: WaitOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<WaitFailure[]> {
  const now = options.now ?? Date.now;
  const started = now();
  const adopted = oneShots(project);
  const pending = new Map(
    options.services.map((s) => [
      s,
      waitAction(s, adopted.has(s), declaresHealthcheck(project, s)),
    ]),
  );
  for (const action of pending.values()) onEvent({ type: 'action.start', action });
  const failures: WaitFailure[] = [];
  const fail = (service: string, message: string) => {
    const error = new ServiceWaitError(service, message);
    failures.push({ service, error });
    onEvent({ type: 'action.fail', action: pending.get(service)!, error });
    pending.delete(service);
  };
  while (pending.size > 0) {
    const containers = await engine.listContainers({ project: project.name, all: true });
    for (const [service, action] of [...pending]) {
      const own = containers.filter(
        (c) =>
          c.labels[Label.service] === service &&
          (c.labels[Label.oneoff] ?? '').toLowerCase() !== 'true',
      );
      const verdict = serviceVerdict(service, own, adopted.has(service));
      if (verdict === 'pending') continue;
      if (verdict === 'ready') {
        onEvent({ type: 'action.done', action, durationMs: now() - started });
        pending.delete(service);
      } else fail(service, verdict.failed);
    }
    if (pending.size === 0) break;
    if (options.signal?.aborted) {
      for (const service of [...pending.keys()])
        fail(service, `waiting for ${service} was interrupted`);
      break;
    }
    if (options.timeoutMs !== undefined && now() - started >= options.timeoutMs) {
      for (const service of [...pending.keys()])
        fail(
          service,
          `timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${service}`,
        );
      break;
    }
    await sleep(options.pollMs ?? 250, options.signal);
  }
  return failures;
}
