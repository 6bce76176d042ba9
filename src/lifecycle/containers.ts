/**
 * What the container-level commands (start, stop, restart, rm, kill, pause,
 * unpause, wait) share: the project's containers by service, the check that
 * named services exist, and the plan actions for one container. Pure except
 * `listProjectContainers`, so the planning functions are tested without an engine.
 */
import { Label, type ContainerState, type ContainerSummary, type Engine } from '../engine/types.js';
import { dependencyGraph, type DependencyGraph } from '../planner/index.js';
import type { Action, Plan } from '../planner/types.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { Project } from '../spec/model.js';

/**
 * A command that cannot do what it was asked on the project as it is (a service
 * without a container): one sentence, exit code 1 as in compose, not a config error.
 */
export class LifecycleError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly code: 'lifecycle.no-container',
    message: string,
  ) {
    super(message);
    this.name = 'LifecycleError';
  }
}

/** A container as these commands need it: its service and replica number from the labels. */
export interface ServiceContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  readonly state: ContainerState;
  readonly exitCode?: number;
}

/** States in which a container counts as running for stop/rm/kill (as `docker compose` treats them). */
const ACTIVE_STATES: ReadonlySet<ContainerState> = new Set(['running', 'paused', 'restarting']);

export const isActive = (container: ServiceContainer): boolean =>
  ACTIVE_STATES.has(container.state);

export function serviceContainer(summary: ContainerSummary): ServiceContainer {
  return {
    id: summary.id,
    name: summary.name,
    service: summary.labels[Label.service] ?? '',
    number: Number(summary.labels[Label.containerNumber] ?? '1') || 1,
    oneoff: (summary.labels[Label.oneoff] ?? '').toLowerCase() === 'true',
    state: summary.state,
    ...(summary.exitCode !== undefined ? { exitCode: summary.exitCode } : {}),
  };
}

/** Every container carrying the project label, stopped ones included, sorted by name. */
export async function listProjectContainers(
  engine: Engine,
  projectName: string,
): Promise<ServiceContainer[]> {
  const summaries = await engine.listContainers({ project: projectName, all: true });
  return summaries
    .map(serviceContainer)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The services a command acts on, in dependency order (dependencies first):
 * the named ones, or all when none is named. An unknown name is an error, as in compose.
 */
export function selectServices(project: Project, names: readonly string[]): string[] {
  for (const name of names)
    if (!(name in project.services))
      throw ComposeError.of({ code: 'usage.service', message: `no such service: ${name}` });
  const graph = dependencyGraph(project);
  const wanted = new Set(names);
  return graph.order.filter((name) => wanted.size === 0 || wanted.has(name));
}

/** The service's own containers (one-off `run` containers excluded). */
export function containersOf(
  containers: readonly ServiceContainer[],
  service: string,
): ServiceContainer[] {
  return containers.filter((c) => c.service === service && !c.oneoff);
}

export { dependencyGraph, type DependencyGraph };

const common = (c: ServiceContainer) => ({ service: c.service, number: c.number, name: c.name });

export const startActionId = (c: ServiceContainer): string =>
  `container:${c.service}:${c.number}:start`;
export const stopActionId = (c: ServiceContainer): string =>
  `container:${c.service}:${c.number}:stop`;

export function startAction(c: ServiceContainer, after: readonly string[], reason: string): Action {
  return { type: 'container.start', id: startActionId(c), after, reason, ...common(c) };
}

export function stopAction(c: ServiceContainer, after: readonly string[], reason: string): Action {
  return {
    type: 'container.stop',
    id: stopActionId(c),
    after,
    reason,
    containerId: c.id,
    ...common(c),
  };
}

export function removeAction(
  c: ServiceContainer,
  after: readonly string[],
  reason: string,
  volumes: boolean,
): Action {
  // One-off containers share service and number space with nothing; their name keeps the id unique.
  const id = c.oneoff ? `container:${c.name}:remove` : `container:${c.service}:${c.number}:remove`;
  return { type: 'container.remove', id, after, reason, containerId: c.id, volumes, ...common(c) };
}

/** A plan of container actions only (these commands never touch networks, volumes or images). */
export function containerPlan(
  project: string,
  kind: Plan['kind'],
  actions: readonly Action[],
): Plan {
  return { project, kind, actions, unchanged: [], warnings: [], blockers: [] };
}
