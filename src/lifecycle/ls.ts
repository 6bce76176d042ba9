/**
 * `ls` as a library call: every Compose project on the engine, rebuilt from the
 * labels of one container list (no compose file needed), as `docker compose ls`.
 */
import { Label, type ContainerSummary, type Engine } from '../engine/types.js';

/** One project; field names as `docker compose ls --format json` writes them. */
export interface ProjectSummary {
  readonly Name: string;
  /** States counted and sorted by name, e.g. `exited(1), running(2)`. */
  readonly Status: string;
  /** The `config_files` labels of its containers, distinct, comma-joined. */
  readonly ConfigFiles: string;
}

export interface LsOptions {
  /** `-a`: stopped projects too (and stopped containers counted in STATUS). */
  readonly all: boolean;
  /** `--filter name=X`: a regular expression the project name must match (as the engine's filters match). */
  readonly name?: string;
}

export async function listProjects(engine: Engine, options: LsOptions): Promise<ProjectSummary[]> {
  const containers = await engine.listContainers({ labels: [Label.project], all: options.all });
  const byProject = new Map<string, ContainerSummary[]>();
  for (const container of containers) {
    const name = container.labels[Label.project];
    if (!name) continue;
    byProject.set(name, [...(byProject.get(name) ?? []), container]);
  }
  const pattern = options.name !== undefined ? new RegExp(options.name) : undefined;
  return [...byProject.entries()]
    .filter(([name]) => pattern === undefined || pattern.test(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, members]) => ({
      Name: name,
      Status: combinedStatus(members.map((c) => c.state)),
      ConfigFiles: combinedConfigFiles(members),
    }));
}

/** `running(2)`, or `exited(1), running(2)`: each state with its count, sorted by state name. */
export function combinedStatus(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts.keys()]
    .sort()
    .map((state) => `${state}(${counts.get(state)})`)
    .join(', ');
}

function combinedConfigFiles(containers: readonly ContainerSummary[]): string {
  const files: string[] = [];
  for (const container of containers)
    for (const file of (container.labels[Label.configFiles] ?? '').split(','))
      if (file !== '' && !files.includes(file)) files.push(file);
  return files.join(',');
}
