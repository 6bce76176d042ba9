import {
  isActive,
  resourceActions,
  startId,
  stopId,
  type ServiceOutcome,
  type UpContext,
} from './plan-context.js';
import type { ObservedContainer } from './types.js';

/**
 * `depends_on: {x: {restart: true}}`: when x's containers are recreated, an
 * up-to-date running container of the dependent is stopped before them and
 * started again after them (compose `planStopDependents`). Returns whether it
 * planned that restart.
 */
export function planRestartAfterDependencies(
  context: UpContext,
  outcome: ServiceOutcome,
  container: ObservedContainer,
): boolean {
  const { builder } = context;
  const restartedBy = (context.graph.dependencies.get(container.service) ?? []).filter(
    (edge) => edge.restart && (context.outcomes.get(edge.service)?.recreations.length ?? 0) > 0,
  );
  if (restartedBy.length === 0 || !isActive(container)) return false;
  const { service, number } = container;
  const names = restartedBy.map((edge) => edge.service).join(', ');
  const reason = `${names} recreated (restart: true)`;
  const stop = stopId(service, number);
  if (!builder.has(stop))
    builder.add({
      type: 'container.stop',
      id: stop,
      service,
      number,
      containerId: container.id,
      name: container.name,
      reason,
    });
  // The dependent stops first: the new containers of its dependency come after.
  for (const edge of restartedBy)
    for (const recreation of context.outcomes.get(edge.service)!.recreations)
      builder.addAfter(recreation, [stop]);
  if (!context.options.noStart) {
    const start = startId(service, number);
    builder.add(
      { type: 'container.start', id: start, service, number, name: container.name, reason },
      [stop, ...resourceActions(context, context.project.services[service]!)],
    );
    outcome.starts.push(start);
  }
  return true;
}
