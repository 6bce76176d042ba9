import type { Project } from '../spec/model.js';
import { PlannerError } from './errors.js';
import { dependencyGraph, withDependencies } from './graph.js';
import { planServiceContainers } from './plan-containers.js';
import { newUpContext, type PlanInputs } from './plan-context.js';
import { planImages } from './plan-images.js';
import { planNetworks } from './plan-networks.js';
import { planOrphans } from './plan-orphans.js';
import { orderStarts } from './plan-start-order.js';
import { planVolumes } from './plan-volumes.js';
import type { ActualState, Plan, UpPlanOptions } from './types.js';

/** Named services must exist; profile-disabled ones are not planned at all. */
function checkNamed(project: Project, names: readonly string[]): void {
  for (const name of names)
    if (!(name in project.services))
      throw new PlannerError('planner.no-such-service', name, `no such service: ${name}`);
}

/**
 * What `up` would do: networks and volumes, images, then each service's
 * containers in dependency order (so a dependent sees what happens to its
 * dependencies), the start order with waits, and orphans. Pure: the same
 * inputs give the same plan.
 */
export function planUp(
  project: Project,
  actual: ActualState,
  options: UpPlanOptions,
  inputs: PlanInputs = {},
): Plan {
  checkNamed(project, options.services);
  const graph = dependencyGraph(project);
  const named = options.services.length > 0 ? options.services : graph.order;
  const wanted = options.noDeps ? new Set(named) : withDependencies(graph, named);
  const context = newUpContext({
    project,
    actual,
    options,
    inputs,
    graph,
    selected: graph.order.filter((name) => wanted.has(name)),
    targeted: new Set(named),
  });
  planNetworks(context);
  planVolumes(context);
  planImages(context);
  for (const serviceName of context.selected) planServiceContainers(context, serviceName);
  orderStarts(context);
  planOrphans(context.builder, project, actual, { removeOrphans: options.removeOrphans });
  return context.builder.build(project.name, 'up');
}
