/**
 * The one container a command works inside (`exec`, `attach`, `port`, `cp --index`):
 * compose's `getSpecifiedContainer` — the service's containers (one-off `run`
 * containers included, but after the others), lowest number first, `--index N`
 * picking container number N; running ones only unless `all`.
 */
import { Label, type ContainerSummary, type Engine } from '../engine/types.js';
import { LifecycleError } from './containers.js';

export interface TargetOptions {
  /** `--index`: the container number; undefined or 0 = the first. */
  readonly index?: number;
  /** Stopped containers count too. */
  readonly all?: boolean;
  /** One-off containers count too (default: yes, after the service's own). */
  readonly oneoff?: boolean;
}

const isOneoff = (c: ContainerSummary) => (c.labels[Label.oneoff] ?? '').toLowerCase() === 'true';
const numberOf = (c: ContainerSummary) => Number(c.labels[Label.containerNumber] ?? '0') || 0;

/** The candidates in compose's order: service containers by number, then one-offs. */
export function orderTargets(
  containers: readonly ContainerSummary[],
  service: string,
  options: TargetOptions,
): ContainerSummary[] {
  const index = options.index ?? 0;
  return containers
    .filter((c) => c.labels[Label.service] === service)
    .filter((c) => options.all === true || c.state === 'running')
    .filter((c) => options.oneoff !== false || !isOneoff(c))
    .filter((c) => index <= 0 || numberOf(c) === index)
    .sort(
      (a, b) =>
        Number(isOneoff(a)) - Number(isOneoff(b)) ||
        numberOf(a) - numberOf(b) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
}

/** The container, or compose's "service "web" is not running" error. */
export async function targetContainer(
  engine: Engine,
  projectName: string,
  service: string,
  options: TargetOptions = {},
): Promise<ContainerSummary> {
  const containers = await engine.listContainers({ project: projectName, all: true });
  const [first] = orderTargets(containers, service, options);
  if (first) return first;
  const index = options.index ?? 0;
  const message =
    index > 0
      ? `service "${service}" is not running container #${index}`
      : `service "${service}" is not running`;
  throw new LifecycleError('lifecycle.no-container', message);
}
