/**
 * `wait` as a library call: blocks until a container of the named services
 * stops, and resolves with that first container's exit code (compose's
 * `wait`). The caller takes the project down afterwards for `--down-project`.
 */
import type { Engine } from '../engine/types.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { Project } from '../spec/model.js';
import {
  containersOf,
  LifecycleError,
  listProjectContainers,
  selectServices,
} from './containers.js';

export interface WaitExit {
  readonly container: string;
  readonly exitCode: number;
}

export async function waitForExit(
  project: Project,
  engine: Engine,
  services: readonly string[],
): Promise<WaitExit> {
  if (services.length === 0)
    throw ComposeError.of({ code: 'usage.args', message: 'wait requires at least one service' });
  const selected = selectServices(project, services);
  const containers = await listProjectContainers(engine, project.name);
  const watched = selected.flatMap((service) => containersOf(containers, service));
  if (watched.length === 0)
    throw new LifecycleError(
      'lifecycle.no-container',
      `no containers for services ${selected.join(', ')}`,
    );
  return Promise.race(
    watched.map(async (container) => {
      const { exitCode } = await engine.waitContainer(container.id, 'not-running');
      return { container: container.name, exitCode };
    }),
  );
}
