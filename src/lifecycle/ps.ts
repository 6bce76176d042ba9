/**
 * `ps` as a library call: one container list by the project label, filtered
 * here; containers are inspected (in parallel) only when the caller needs
 * command and published ports and the backend's list did not carry them.
 */
import type { ContainerState, Engine } from '../engine/types.js';
import { Label } from '../engine/types.js';
import { psDetailsFromInspect, psDetailsFromSummary, psRow, type PsRow } from '../ui/ps-table.js';

export interface PsOptions {
  /** Services to show; empty = all. */
  readonly services: readonly string[];
  /** `-a`: stopped containers and one-off containers too. */
  readonly all: boolean;
  /** `--status` / `--filter status=`: only these states (implies stopped ones are listed). */
  readonly statuses: readonly ContainerState[];
  /** Inspect each container for its command and published ports (table and json formats). */
  readonly details: boolean;
}

/** States `docker ps` lists without `--all`. */
const RUNNING_STATES: ReadonlySet<ContainerState> = new Set(['running', 'paused', 'restarting']);

export async function ps(
  projectName: string,
  engine: Engine,
  options: PsOptions,
): Promise<PsRow[]> {
  const summaries = await engine.listContainers({ project: projectName, all: true });
  const wanted = new Set(options.services);
  const statuses = new Set(options.statuses);
  const selected = summaries
    .filter((summary) => {
      const service = summary.labels[Label.service] ?? '';
      if (wanted.size > 0 && !wanted.has(service)) return false;
      const oneoff = (summary.labels[Label.oneoff] ?? '').toLowerCase() === 'true';
      if (oneoff && !options.all) return false;
      if (statuses.size > 0) return statuses.has(summary.state);
      return options.all || RUNNING_STATES.has(summary.state);
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!options.details) return selected.map((summary) => psRow(summary));
  return Promise.all(
    selected.map(async (summary) =>
      psRow(
        summary,
        psDetailsFromSummary(summary) ??
          psDetailsFromInspect(await engine.inspectContainer(summary.id)),
      ),
    ),
  );
}

export const CONTAINER_STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
];
