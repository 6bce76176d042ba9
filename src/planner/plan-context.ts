import type { Project, ServiceConfig } from '../spec/model.js';
import { namedVolumeKeys } from './container-mounts.js';
import { serviceNetworkKeys } from './container-networks.js';
import type { DependencyGraph } from './graph.js';
import { containerName } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import type { ResolvedNames } from './service-hash.js';
import type { ActualState, ObservedContainer, UpPlanOptions } from './types.js';

/** What the caller may know beyond the engine's labels. */
export interface PlanInputs {
  /**
   * The canonical configuration (`serviceToComposeModel` form, references resolved)
   * a container was created from, when the caller recorded it: with it a recreate
   * names the changed fields; without it the reason is "config hash changed".
   */
  readonly previousServiceConfig?: (
    container: ObservedContainer,
  ) => Readonly<Record<string, unknown>> | undefined;
}

/** What the planner decided for one service, read by the services that depend on it. */
export interface ServiceOutcome {
  /** Ids of the create/recreate actions of its containers. */
  readonly creations: string[];
  /** Ids of its recreate actions only. */
  readonly recreations: string[];
  readonly starts: string[];
  /** Whether the container `service:x` references resolve to is new or replaced. */
  firstReplaced: boolean;
  /** Name of its lowest-numbered container after the plan; undefined with scale 0. */
  firstContainerName?: string;
  readonly expected: number;
}

export interface UpContext {
  readonly project: Project;
  readonly actual: ActualState;
  readonly options: UpPlanOptions;
  readonly inputs: PlanInputs;
  readonly graph: DependencyGraph;
  /** Services to converge, dependencies first. */
  readonly selected: readonly string[];
  /** Services that follow `options.recreate` (the rest follow `recreateDependencies`). */
  readonly targeted: ReadonlySet<string>;
  readonly builder: PlanBuilder;
  /** Network key → id of the action that (re)creates it. */
  readonly networkActions: Map<string, string>;
  readonly recreatedNetworks: Set<string>;
  /** Volume key → id of the action that creates it. */
  readonly volumeActions: Map<string, string>;
  /** Service → id of the pull/build that provides its image. */
  readonly imageActions: Map<string, string>;
  readonly outcomes: Map<string, ServiceOutcome>;
}

/** A fresh context: empty builder and action maps, for the services given. */
export function newUpContext(
  fields: Pick<
    UpContext,
    'project' | 'actual' | 'options' | 'inputs' | 'graph' | 'selected' | 'targeted'
  >,
): UpContext {
  return {
    ...fields,
    builder: new PlanBuilder(),
    networkActions: new Map(),
    recreatedNetworks: new Set(),
    volumeActions: new Map(),
    imageActions: new Map(),
    outcomes: new Map(),
  };
}

/** The project's (non one-off) containers of a service, by ascending number. */
export function containersOf(actual: ActualState, serviceName: string): ObservedContainer[] {
  return actual.containers
    .filter((container) => !container.oneoff && container.service === serviceName)
    .sort((a, b) => a.number - b.number || (a.name < b.name ? -1 : 1));
}

/** `service:x` resolves to x's lowest-numbered container after the plan, else the current one. */
export function nameResolver(context: UpContext): ResolvedNames {
  return {
    containerName: (serviceName) => {
      const outcome = context.outcomes.get(serviceName);
      if (outcome?.firstContainerName !== undefined) return outcome.firstContainerName;
      const existing = containersOf(context.actual, serviceName)[0];
      if (existing) return existing.name;
      const service = context.project.services[serviceName];
      return service ? containerName(context.project, service, 1) : undefined;
    },
  };
}

/** The engine may still be running it: stopping is needed before removal or a network swap. */
export function isActive(container: ObservedContainer): boolean {
  return (
    container.state === 'running' ||
    container.state === 'paused' ||
    container.state === 'restarting'
  );
}

export const containerId = (service: string, number: number): string =>
  `container:${service}:${number}`;
export const stopId = (service: string, number: number): string =>
  `container:${service}:${number}:stop`;
export const startId = (service: string, number: number): string =>
  `container:${service}:${number}:start`;
export const removeId = (service: string, number: number): string =>
  `container:${service}:${number}:remove`;

/** Ids of the actions creating the networks and volumes a service uses (a start needs them too). */
export function resourceActions(context: UpContext, service: ServiceConfig): string[] {
  const ids = [
    ...serviceNetworkKeys(service).map((key) => context.networkActions.get(key)),
    ...namedVolumeKeys(service).map((key) => context.volumeActions.get(key)),
  ];
  return ids.filter((id): id is string => id !== undefined);
}
