/** Small action builders: each test states only the actions it is about. */
import type { ContainerSpec, PortBinding } from '../../../src/engine/types.js';
import type { Action, Plan } from '../../../src/planner/types.js';
import type { ExecutorEvent } from '../../../src/executor/types.js';

export const PROJECT = 'app';

export function spec(
  name: string,
  ports: PortBinding[] = [],
  labels: Record<string, string> = {},
): ContainerSpec {
  return {
    name,
    image: 'busybox',
    labels: { 'com.docker.compose.project': PROJECT, ...labels },
    env: [],
    tty: false,
    stdinOpen: false,
    privileged: false,
    readOnly: false,
    ports,
    expose: [],
    mounts: [],
    networks: [],
    extra: {},
  };
}

export const network = (key: string, after: string[] = []): Action => ({
  type: 'network.create',
  id: `network:${key}`,
  after,
  reason: 'not found',
  network: key,
  spec: {
    name: `${PROJECT}_${key}`,
    internal: false,
    attachable: false,
    labels: { 'com.docker.compose.project': PROJECT },
  },
});

export const create = (
  service: string,
  after: string[] = [],
  ports: PortBinding[] = [],
): Action => ({
  type: 'container.create',
  id: `container:${service}:1`,
  after,
  reason: 'not found',
  service,
  number: 1,
  spec: spec(`${PROJECT}-${service}-1`, ports, {
    'com.docker.compose.service': service,
    'com.docker.compose.oneoff': 'False',
  }),
});

export const start = (service: string, after: string[] = [`container:${service}:1`]): Action => ({
  type: 'container.start',
  id: `container:${service}:1:start`,
  after,
  reason: 'created',
  service,
  number: 1,
  name: `${PROJECT}-${service}-1`,
});

export const wait = (
  service: string,
  condition: 'service_healthy' | 'service_completed_successfully' | 'service_started',
  required = true,
): Action => ({
  type: 'container.wait',
  id: `wait:${service}`,
  after: [`container:${service}:1:start`],
  reason: 'dependents wait',
  service,
  condition,
  required,
});

export function plan(actions: Action[]): Plan {
  return { project: PROJECT, kind: 'up', actions, unchanged: [], warnings: [], blockers: [] };
}

/** Events as short strings: `start network:a`, `skip web (cause) reason`. */
export function describe(event: ExecutorEvent): string {
  switch (event.type) {
    case 'action.start':
      return `start ${event.action.id}`;
    case 'action.done':
      return `done ${event.action.id}${event.status !== undefined ? ` (${event.status})` : ''}`;
    case 'action.fail':
      return `fail ${event.action.id}: ${event.error.message}`;
    case 'action.skip':
      return `skip ${event.action.id} (${event.cause}) ${event.reason}`;
    case 'action.progress':
      return `progress ${event.action.id}: ${event.message}`;
    case 'warning':
      return `warning ${event.message}`;
  }
}

export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
