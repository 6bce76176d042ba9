/**
 * Which `container.start` actions must be serialised. The engine allocates an
 * ephemeral host port at start, and concurrent starts can race for the same
 * one (why Docker Compose serialises every start). Only containers that ask for
 * an ephemeral port need that; the rest start in parallel.
 */
import type { ContainerSpec } from '../engine/types.js';
import type { Action } from '../planner/types.js';

/** A port without `published` asks the engine to pick the host port. */
export function publishesEphemeralPort(spec: ContainerSpec): boolean {
  return spec.ports.some((port) => port.published === undefined || port.published === '');
}

/**
 * Ids of the start actions to serialise. The start action only names its
 * container, so its spec comes from the create/recreate of the same
 * service/number in the plan. A start without one (an existing container) is
 * serialised too: its ports are unknown here, and serialising is what Compose
 * does for every start.
 */
export function serialisedStarts(actions: readonly Action[]): Set<string> {
  const specs = new Map<string, ContainerSpec>();
  for (const action of actions)
    if (action.type === 'container.create' || action.type === 'container.recreate')
      specs.set(`${action.service}:${action.number}`, action.spec);
  const serialised = new Set<string>();
  for (const action of actions) {
    if (action.type !== 'container.start') continue;
    const spec = specs.get(`${action.service}:${action.number}`);
    if (spec === undefined || publishesEphemeralPort(spec)) serialised.add(action.id);
  }
  return serialised;
}
