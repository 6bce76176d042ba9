/**
 * What `run SERVICE` needs of the engine besides its dependencies (which `up`
 * converges first): the networks and volumes SERVICE uses and its image, then
 * waits for SERVICE's own `depends_on` conditions (`service_healthy`,
 * `service_completed_successfully`), as compose's `waitDependencies` does before
 * creating the one-off container. SERVICE's own containers are not touched.
 */
import type { Project } from '../spec/model.js';
import { PlannerError } from './errors.js';
import { dependencyGraph } from './graph.js';
import { expectedScale } from './plan-containers.js';
import { newUpContext } from './plan-context.js';
import { planImages } from './plan-images.js';
import { planNetworks } from './plan-networks.js';
import { planVolumes } from './plan-volumes.js';
import type { ActualState, Plan, UpPlanOptions } from './types.js';

const WAIT_SUFFIX = {
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
} as const;

/** `options.noDeps`: no waits (compose skips `waitDependencies` with `--no-deps`). */
export function planRunPrerequisites(
  project: Project,
  actual: ActualState,
  service: string,
  options: UpPlanOptions,
): Plan {
  if (!(service in project.services))
    throw new PlannerError('planner.no-such-service', service, `no such service: ${service}`);
  const graph = dependencyGraph(project);
  const context = newUpContext({
    project,
    actual,
    options,
    inputs: {},
    graph,
    selected: [service],
    targeted: new Set([service]),
  });
  planNetworks(context);
  planVolumes(context);
  planImages(context);
  if (!options.noDeps) {
    for (const edge of graph.dependencies.get(service) ?? []) {
      const dependency = project.services[edge.service];
      if (!dependency || expectedScale(dependency, options.scale) === 0) continue;
      if (edge.condition === 'service_started') continue;
      const suffix = WAIT_SUFFIX[edge.condition];
      const what = edge.condition === 'service_healthy' ? 'healthy' : 'completed successfully';
      context.builder.add({
        type: 'container.wait',
        id: `wait:${edge.service}:${suffix}${edge.required ? '' : ':optional'}`,
        service: edge.service,
        condition: edge.condition,
        required: edge.required,
        reason: `${service} runs once ${edge.service} is ${what}${edge.required ? '' : ' (not required)'}`,
      });
    }
  }
  return context.builder.build(project.name, 'up');
}
