// A throwaway compose project for CLI integration tests: a unique name, a
// temporary directory holding compose.yaml, the CLI run in it, and its
// containers as the engine lists them. Whatever the project left on the engine
// (containers, networks, volumes) is removed after the test — or after the
// file for a project made in `beforeAll` — pass or fail.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { cli, spawnCli, type CliOptions, type CliResult, type RunningCli } from './cli.js';
import { cleanupProject, dockerClient, projectLabel, uniqueProjectName } from './engine.js';
import { tempProject } from './temp-project.js';

/** A long-running busybox command that exits at once on SIGTERM (as PID 1 it would ignore it). */
export const SLEEPER = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

export interface ProjectContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: string;
  readonly state: string;
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ComposeProject {
  readonly name: string;
  readonly dir: string;
  /** Replaces compose.yaml with the text for this project's name. */
  write(compose: (name: string) => string): void;
  cli(args: readonly string[], options?: Omit<CliOptions, 'cwd'>): CliResult;
  spawn(args: readonly string[], options?: Omit<CliOptions, 'cwd'>): RunningCli;
  /** Every container labelled with the project (running or not), sorted by name. */
  containers(): Promise<ProjectContainer[]>;
  cleanup(): Promise<void>;
}

const perTest: ComposeProject[] = [];
const perFile: ComposeProject[] = [];
const cleanAll = async (projects: ComposeProject[]) => {
  for (const project of projects.splice(0)) await project.cleanup();
};
afterEach(() => cleanAll(perTest));
afterAll(() => cleanAll(perFile));

export function composeProject(
  prefix: string,
  compose: (name: string) => string,
  lifetime: 'test' | 'file' = 'test',
): ComposeProject {
  const name = uniqueProjectName(prefix);
  const dir = tempProject({ 'compose.yaml': compose(name) }, 'proj', lifetime);
  const project: ComposeProject = {
    name,
    dir,
    write: (next) => writeFileSync(join(dir, 'compose.yaml'), next(name)),
    cli: (args, options = {}) => cli(args, { ...options, cwd: dir }),
    spawn: (args, options = {}) => spawnCli(args, { ...options, cwd: dir }),
    containers: () => projectContainers(name),
    cleanup: async () => cleanupProject(await dockerClient(), name),
  };
  (lifetime === 'test' ? perTest : perFile).push(project);
  return project;
}

export async function projectContainers(project: string): Promise<ProjectContainer[]> {
  const docker = await dockerClient();
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${projectLabel}=${project}`] }),
  });
  return list
    .map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      service: c.Labels['com.docker.compose.service'] ?? '',
      number: c.Labels['com.docker.compose.container-number'] ?? '',
      state: c.State,
      status: c.Status,
      labels: c.Labels,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `{ name: state }` of the project's containers, the shape most assertions want. */
export async function containerStates(project: string): Promise<Record<string, string>> {
  const list = await projectContainers(project);
  return Object.fromEntries(list.map((c) => [c.name, c.state]));
}
