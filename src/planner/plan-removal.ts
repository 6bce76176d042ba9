import type { PlanBuilder } from './plan-builder.js';
import { isActive, removeId, stopId } from './plan-context.js';
import type { ObservedContainer } from './types.js';

/**
 * Takes one container away: a stop when it is running (after `before`), then
 * its removal (after the stop, or after `before` when nothing had to stop).
 * A stop already planned (e.g. by a restart cascade) is reused, not doubled.
 */
export function stopAndRemove(
  builder: PlanBuilder,
  container: ObservedContainer,
  options: {
    readonly reason: string;
    readonly volumes: boolean;
    readonly before?: readonly string[];
  },
): { readonly stop?: string; readonly remove: string } {
  const { service, number } = container;
  const stop = stopId(service, number);
  const common = {
    service,
    number,
    containerId: container.id,
    name: container.name,
    reason: options.reason,
  };
  if (isActive(container) && !builder.has(stop)) {
    builder.add({ type: 'container.stop', id: stop, ...common }, options.before ?? []);
  }
  const stopped = builder.has(stop);
  const remove = builder.add(
    {
      type: 'container.remove',
      id: removeId(service, number),
      volumes: options.volumes,
      ...common,
    },
    stopped ? [stop] : (options.before ?? []),
  );
  return { ...(stopped ? { stop } : {}), remove };
}
