import { Label } from '../engine/types.js';
import type { Project } from '../spec/model.js';
import { PlannerError } from './errors.js';
import { dependencyGraph, withDependents } from './graph.js';
import { serviceImage } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import { containersOf } from './plan-context.js';
import { observedImage } from './plan-images.js';
import { planOrphans } from './plan-orphans.js';
import { stopAndRemove } from './plan-removal.js';
import type { ActualState, DownPlanOptions, Plan } from './types.js';

/**
 * Stops and removes each service's containers after those of the services that
 * depend on it (compose `InReverseDependencyOrder`); returns the remove ids.
 */
function planContainers(
  builder: PlanBuilder,
  project: Project,
  actual: ActualState,
  options: DownPlanOptions,
): string[] {
  const graph = dependencyGraph(project);
  for (const name of options.services)
    if (!(name in project.services))
      throw new PlannerError('planner.no-such-service', name, `no such service: ${name}`);
  const selected =
    options.services.length > 0 ? withDependents(graph, options.services) : new Set(graph.order);
  // What a service waits for before stopping: its dependents' stops, or theirs transitively when they have none.
  const barrier = new Map<string, string[]>();
  const removes: string[] = [];
  for (const serviceName of [...graph.order].reverse()) {
    if (!selected.has(serviceName)) continue;
    const dependents = (graph.dependents.get(serviceName) ?? []).filter((name) =>
      selected.has(name),
    );
    const before = [...new Set(dependents.flatMap((name) => barrier.get(name) ?? []))].sort();
    const stops: string[] = [];
    for (const container of containersOf(actual, serviceName)) {
      const taken = stopAndRemove(builder, container, {
        reason: 'down',
        volumes: options.volumes,
        before,
      });
      if (taken.stop) stops.push(taken.stop);
      removes.push(taken.remove);
    }
    barrier.set(serviceName, stops.length > 0 ? stops : before);
  }
  return removes;
}

/** Networks and (with `-v`) volumes this project created; external and foreign ones stay. */
function planProjectResources(
  builder: PlanBuilder,
  project: Project,
  actual: ActualState,
  options: DownPlanOptions,
  removes: string[],
): void {
  for (const [key, config] of ownedByProject(project, project.networks, actual.networks)) {
    builder.add(
      {
        type: 'network.remove',
        id: `network:${key}`,
        network: key,
        name: config.name,
        reason: 'down',
        whenInUse: 'keep',
      },
      removes,
    );
  }
  if (!options.volumes) return;
  for (const [key, config] of ownedByProject(project, project.volumes, actual.volumes)) {
    builder.add(
      {
        type: 'volume.remove',
        id: `volume:${key}`,
        volume: key,
        name: config.name,
        reason: 'down -v',
      },
      removes,
    );
  }
}

/** `--rmi local`: images compose built (services without `image:`); `--rmi all`: every service image. */
function planImages(
  builder: PlanBuilder,
  project: Project,
  actual: ActualState,
  options: DownPlanOptions,
  removes: string[],
): void {
  if (options.rmi === undefined) return;
  const seen = new Set<string>();
  for (const serviceName of Object.keys(project.services).sort()) {
    const service = project.services[serviceName]!;
    if (options.rmi === 'local' && service.image !== undefined) continue;
    const reference = serviceImage(project, service);
    if (seen.has(reference) || !observedImage(actual, reference)) continue;
    seen.add(reference);
    builder.add(
      {
        type: 'image.remove',
        id: `image:${serviceName}`,
        image: reference,
        reason: `down --rmi ${options.rmi}`,
      },
      removes,
    );
  }
}

/**
 * What `down` would do: containers in reverse dependency order, orphans with
 * `--remove-orphans`, then (for the whole project) its networks, its volumes
 * with `-v`, and images with `--rmi`, after every container is gone.
 */
export function planDown(project: Project, actual: ActualState, options: DownPlanOptions): Plan {
  const builder = new PlanBuilder();
  const removes = planContainers(builder, project, actual, options);
  removes.push(...planOrphans(builder, project, actual, options));
  if (options.services.length === 0)
    planProjectResources(builder, project, actual, options, removes);
  planImages(builder, project, actual, options, removes);
  return builder.build(project.name, 'down');
}

/** Declared, not external, present on the engine and labelled with this project: what `down` may remove. */
function ownedByProject<C extends { readonly name: string; readonly external?: unknown }>(
  project: Project,
  declared: Readonly<Record<string, C>>,
  observed: Readonly<
    Record<string, { readonly labels: Readonly<Record<string, string>> } | undefined>
  >,
): [string, C][] {
  return Object.keys(declared)
    .sort()
    .map((key) => [key, declared[key]!] as [string, C])
    .filter(
      ([, config]) =>
        config.external !== true && observed[config.name]?.labels[Label.project] === project.name,
    );
}
