/**
 * `top [SERVICE...]`: the processes of the project's running containers (one-off
 * ones included), one `top` call per container, and compose's table: SERVICE,
 * #, then the engine's columns in the order first met, CMD last.
 */
import { Label, type Engine } from '../engine/types.js';

export interface ContainerProcesses {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  /** The container number; empty for a one-off container. */
  readonly replica: string;
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}

export async function top(
  projectName: string,
  engine: Engine,
  services: readonly string[],
): Promise<ContainerProcesses[]> {
  const running = (await engine.listContainers({ project: projectName, all: false })).filter(
    (c) => services.length === 0 || services.includes(c.labels[Label.service] ?? ''),
  );
  const result = await Promise.all(
    running.map(async (container) => {
      const { titles, processes } = await engine.top(container.id);
      return {
        id: container.id,
        name: container.name,
        service: container.labels[Label.service] ?? container.name,
        replica: container.labels[Label.containerNumber] ?? '',
        titles,
        processes,
      };
    }),
  );
  return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Column titles in the order first met, with CMD moved to the end. */
function columns(containers: readonly ContainerProcesses[]): string[] {
  const titles = ['SERVICE', '#'];
  for (const container of containers)
    for (const title of container.titles) if (!titles.includes(title)) titles.push(title);
  const cmd = titles.indexOf('CMD');
  if (cmd >= 0) titles.push(...titles.splice(cmd, 1));
  return titles;
}

/**
 * The table as Go's tabwriter prints it for compose (min width 4, padding 2,
 * the last column unpadded); a cell a container does not report is `-`.
 * Nothing at all when no process runs.
 */
export function renderTop(containers: readonly ContainerProcesses[]): string {
  const titles = columns(containers);
  const rows: string[][] = [titles];
  for (const container of containers)
    for (const process of container.processes) {
      const cell = (title: string): string => {
        if (title === 'SERVICE') return container.service;
        if (title === '#') return container.replica;
        const at = container.titles.indexOf(title);
        return at >= 0 ? (process[at] ?? '') : '-';
      };
      rows.push(titles.map(cell));
    }
  if (rows.length === 1) return '';
  const widths = titles.map((_, column) =>
    Math.max(4, ...rows.map((row) => [...row[column]!].length + 2)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]!) : cell))
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}
