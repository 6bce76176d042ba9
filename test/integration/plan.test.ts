// `tscompose plan` against the real engine: a fresh project is all creates; once
// the resources exist (made here, out of band, straight through the engine API
// with the labels and hashes the planner expects) there is nothing to do; and
// changing one service's environment recreates that service only.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/index.js';
import { observeProject } from '../../src/engine/observe.js';
import type { Engine } from '../../src/engine/types.js';
import { planUp } from '../../src/planner/index.js';
import type { Plan, UpPlanOptions } from '../../src/planner/types.js';
import { loadProject } from '../../src/spec/load.js';
import type { PlanDocument } from '../../src/ui/plan-json.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const root = resolve(import.meta.dirname, '../..');
const project = uniqueProjectName('tsc-plan');
let docker: Dockerode;
let engine: Engine;
let dir: string;

const compose = (greeting: string) => `
name: ${project}
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    environment:
      GREETING: ${greeting}
    volumes: [data:/data]
  worker:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    depends_on: [web]
volumes:
  data: {}
`;

const upOptions: UpPlanOptions = {
  kind: 'up',
  services: [],
  noDeps: false,
  recreate: 'diverged',
  recreateDependencies: 'diverged',
  renewAnonVolumes: false,
  scale: {},
  removeOrphans: false,
  build: 'auto',
  noStart: false,
  now: Date.now(),
};

function planCli(): { status: number | null; document: PlanDocument; stderr: string } {
  const result = spawnSync('node', [join(root, 'bin', 'tscompose.js'), 'plan', '--json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    document: JSON.parse(result.stdout || 'null'),
    stderr: result.stderr,
  };
}

/** Applies the create/start actions of a plan directly through the engine, in plan order. */
async function applyCreates(plan: Plan): Promise<void> {
  const ids = new Map<string, string>();
  for (const action of plan.actions) {
    if (action.type === 'network.create') await engine.createNetwork(action.spec);
    else if (action.type === 'volume.create') await engine.createVolume(action.spec);
    else if (action.type === 'container.create') {
      ids.set(action.spec.name, (await engine.createContainer(action.spec, () => {})).id);
    } else if (action.type === 'container.start')
      await engine.startContainer(ids.get(action.name) ?? action.name);
    else if (action.type !== 'container.wait')
      throw new Error(`unexpected action ${action.type} in a fresh plan`);
  }
}

beforeAll(async () => {
  docker = await dockerClient();
  engine = await openEngine(process.env);
  dir = tempProject({ 'compose.yaml': compose('hello') }, 'proj', 'file');
});
afterAll(async () => {
  await cleanupProject(docker, project);
  await docker
    .getVolume(`${project}_data`)
    .remove()
    .catch(() => undefined);
});

describe('tscompose plan', () => {
  it('a fresh project: every resource is created, exit 2', () => {
    const { status, document } = planCli();
    expect(status).toBe(2);
    const created = document.actions.filter((a) => a.change === 'create').map((a) => a.resource);
    expect(created.sort()).toEqual(
      [`${project}-web-1`, `${project}-worker-1`, `${project}_data`, `${project}_default`].sort(),
    );
    expect(document.summary).toMatchObject({ create: 4, recreate: 0, remove: 0, start: 2 });
  });

  it('after the resources exist with the right labels: nothing to do, exit 0', async () => {
    const { project: loaded } = await loadProject({ cwd: dir });
    await applyCreates(planUp(loaded, await observeProject(engine, loaded), upOptions));
    const { status, document } = planCli();
    expect(document.actions).toEqual([]);
    expect(status).toBe(0);
  });

  it('changing one environment variable recreates only that service', () => {
    writeFileSync(join(dir, 'compose.yaml'), compose('bonjour'));
    const { status, document } = planCli();
    expect(status).toBe(2);
    const changed = document.actions.filter((a) => a.change !== 'wait');
    // The new container replaces the old one, then starts; worker (which only
    // depends on web being started) is left alone.
    expect(changed.map((a) => [a.change, a.service])).toEqual([
      ['recreate', 'web'],
      ['start', 'web'],
    ]);
    expect(changed[0]!.reason).toContain('GREETING');
  });
});
