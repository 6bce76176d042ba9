/** Container events with Docker's attributes: every label, plus image and name. */
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

export function emitContainerEvent(
  deps: Pick<ContainerDeps, 'events'>,
  record: ContainerRecord,
  action: string,
  extra: Readonly<Record<string, string>> = {},
): void {
  deps.events.emit('container', action, {
    id: record.id,
    attributes: {
      ...record.config.Labels,
      image: record.config.Image,
      name: record.name,
      ...extra,
    },
  });
}

export function emitNetworkEvent(
  deps: Pick<ContainerDeps, 'events'>,
  action: 'connect' | 'disconnect',
  network: { id: string; name: string },
  containerId: string,
): void {
  deps.events.emit('network', action, {
    id: network.id,
    attributes: { container: containerId, name: network.name, type: 'bridge' },
  });
}
