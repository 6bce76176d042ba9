/**
 * How an action reads in progress output: the resource it touches
 * (`Container demo-web-1`) and the words Docker Compose prints while it runs
 * and when it is done (`Creating` / `Created`). One table for every renderer,
 * so plain, tty and json name things the same way.
 */
import type { Action } from '../../planner/types.js';

export interface ActionDescription {
  /** `Container`, `Network`, `Volume`, `Image`, `Service`. */
  readonly kind: 'Container' | 'Network' | 'Volume' | 'Image' | 'Service';
  /** Engine-side name (container, network, volume), image reference, or service name for waits. */
  readonly name: string;
  readonly service?: string;
  /** While in flight: `Creating`. */
  readonly working: string;
  /** Once done: `Created`. */
  readonly done: string;
}

const WAIT_DONE = {
  service_healthy: 'Healthy',
  service_completed_successfully: 'Exited',
  service_started: 'Started',
} as const;

export function describeAction(action: Action): ActionDescription {
  switch (action.type) {
    case 'network.create':
      return { kind: 'Network', name: action.spec.name, working: 'Creating', done: 'Created' };
    case 'network.remove':
      return { kind: 'Network', name: action.name, working: 'Removing', done: 'Removed' };
    case 'volume.create':
      return { kind: 'Volume', name: action.spec.name, working: 'Creating', done: 'Created' };
    case 'volume.remove':
      return { kind: 'Volume', name: action.name, working: 'Removing', done: 'Removed' };
    case 'image.pull':
      return {
        kind: 'Image',
        name: action.image,
        service: action.service,
        working: 'Pulling',
        done: 'Pulled',
      };
    case 'image.build':
      return {
        kind: 'Image',
        name: action.image,
        service: action.service,
        working: 'Building',
        done: 'Built',
      };
    case 'image.push':
      return {
        kind: 'Image',
        name: action.image,
        service: action.service,
        working: 'Pushing',
        done: 'Pushed',
      };
    case 'image.remove':
      return { kind: 'Image', name: action.image, working: 'Removing', done: 'Removed' };
    case 'container.create':
      return container(action.spec.name, action.service, 'Creating', 'Created');
    case 'container.recreate':
      return container(action.spec.name, action.service, 'Recreate', 'Recreated');
    case 'container.start':
      return container(action.name, action.service, 'Starting', 'Started');
    case 'container.stop':
      return container(action.name, action.service, 'Stopping', 'Stopped');
    case 'container.remove':
      return container(action.name, action.service, 'Removing', 'Removed');
    case 'container.wait':
      return {
        kind: 'Service',
        name: action.service,
        service: action.service,
        working: 'Waiting',
        done: WAIT_DONE[action.condition],
      };
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${JSON.stringify(unreachable)}`);
    }
  }
}

function container(name: string, service: string, working: string, done: string) {
  return { kind: 'Container' as const, name, service, working, done };
}

/** `Container demo-web-1` — the left column of plain and tty output. */
export function resourceLabel(description: ActionDescription): string {
  return `${description.kind} ${description.name}`;
}

/** ` 5/10` after a progress message, ` 5` without a total, nothing without a count. */
export function counter(current: number | undefined, total: number | undefined): string {
  if (current === undefined) return '';
  return total === undefined ? ` ${current}` : ` ${current}/${total}`;
}
