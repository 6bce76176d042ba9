// applyPlan on the real engine: plans made by planUp from observeProject, applied,
// observed again. Every project is removed by its label afterwards.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/index.js';
import { observeProject } from '../../src/engine/observe.js';
import type { Engine } from '../../src/engine/types.js';
import { applyPlan } from '../../src/executor/index.js';
import type { ApplyResult, ExecutorEvent } from '../../src/executor/types.js';
import { planUp } from '../../src/planner/index.js';
import type { Plan, UpPlanOptions } from '../../src/planner/types.js';
import { loadProject } from '../../src/spec/load.js';
import {
  busyboxImage,
  cleanupProject,
  dockerClient,
  uniqueProjectName,
} from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const stack = uniqueProjectName('tsc-exec');
const failing = uniqueProjectName('tsc-exec-fail');
let docker: Dockerode;
let engine: Engine;

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

const longRunning = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

const stackFile = (greeting: string) => `
name: ${stack}
services:
  db:
    image: ${busyboxImage}
    command: ${longRunning}
    healthcheck: { test: ["CMD", "true"], interval: 1s, retries: 3 }
  migrate:
    image: ${busyboxImage}
    command: ["sh", "-c", "exit 0"]
  web:
    image: ${busyboxImage}
    command: ${longRunning}
    environment: { GREETING: ${greeting} }
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
`;

const failingFile = `
name: ${failing}
services:
  bad:
    image: ${busyboxImage}
    command: ${longRunning}
    healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1 }
  app:
    image: ${busyboxImage}
    command: ${longRunning}
    depends_on:
      bad: { condition: service_healthy }
`;

async function planFor(file: string): Promise<Plan> {
  const dir = tempProject({ 'compose.yaml': file });
  const { project } = await loadProject({ cwd: dir });
  return planUp(project, await observeProject(engine, project), upOptions);
}

async function apply(plan: Plan): Promise<{ result: ApplyResult; events: ExecutorEvent[] }> {
  const events: ExecutorEvent[] = [];
  const result = await applyPlan(plan, engine, {
    parallel: -1,
    timeoutSeconds: 5,
    waitTimeoutMs: 60_000,
    onEvent: (event) => events.push(event),
  });
  return { result, events };
}

async function containers(project: string) {
  return engine.listContainers({ project, all: true });
}

beforeAll(async () => {
  docker = await dockerClient();
  engine = await openEngine(process.env);
});
afterAll(async () => {
  await cleanupProject(docker, stack);
  await cleanupProject(docker, failing);
  expect(await containers(stack)).toEqual([]);
});

describe('applyPlan on the real engine', () => {
  it('brings a project up in dependency order, and the next plan only reruns the exited one-shot', async () => {
    const { result, events } = await apply(await planFor(stackFile('one')));
    expect(result.failed).toEqual([]);
    expect(result.ok).toBe(true);
    const started = events.filter((e) => e.type === 'action.start').map((e) => e.action.id);
    const done = events.filter((e) => e.type === 'action.done').map((e) => e.action.id);
    expect(started.indexOf('container:web:1:start')).toBeGreaterThan(
      done.indexOf('wait:db:healthy'),
    );
    expect(started.indexOf('container:web:1:start')).toBeGreaterThan(
      done.indexOf('wait:migrate:completed'),
    );

    const byService = Object.fromEntries(
      (await containers(stack)).map((c) => [c.labels['com.docker.compose.service'], c]),
    );
    expect(byService['web']).toMatchObject({ name: `${stack}-web-1`, state: 'running' });
    expect(byService['db']).toMatchObject({ state: 'running' });
    expect(byService['migrate']).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(byService['web']!.labels['com.docker.compose.project']).toBe(stack);

    // Converged: only the exited one-shot would run again (as \`docker compose up\` does).
    expect((await planFor(stackFile('one'))).actions.map((a) => a.id)).toEqual([
      'container:migrate:1:start',
    ]);
  });

  it('recreates the service whose environment changed and keeps no temp-named container', async () => {
    const before = await containers(stack);
    const plan = await planFor(stackFile('two'));
    expect(plan.actions.filter((a) => a.type === 'container.recreate').map((a) => a.id)).toEqual([
      'container:web:1',
    ]);
    const { result } = await apply(plan);
    expect(result.ok).toBe(true);
    const after = await containers(stack);
    expect(after.map((c) => c.name).sort()).toEqual(
      [`${stack}-db-1`, `${stack}-migrate-1`, `${stack}-web-1`].sort(),
    );
    const idOf = (list: typeof after, service: string) =>
      list.find((c) => c.labels['com.docker.compose.service'] === service)?.id;
    expect(idOf(after, 'db')).toBe(idOf(before, 'db'));
    expect(idOf(after, 'web')).not.toBe(idOf(before, 'web'));
    expect(after.find((c) => c.name.endsWith('web-1'))?.state).toBe('running');
    // Converged: only the exited one-shot would run again (as \`docker compose up\` does).
    expect((await planFor(stackFile('two'))).actions.map((a) => a.id)).toEqual([
      'container:migrate:1:start',
    ]);
  });

  it('a failing healthcheck fails the wait with the root cause and skips the dependent start', async () => {
    const { result, events } = await apply(await planFor(failingFile));
    expect(result.ok).toBe(false);
    const failures = events.filter((e) => e.type === 'action.fail');
    expect(failures.map((e) => [e.action.id, e.error.message])).toEqual([
      ['wait:bad:healthy', 'bad failed to become healthy'],
    ]);
    const skips = events.filter((e) => e.type === 'action.skip');
    expect(skips.map((e) => [e.action.id, e.cause, e.reason])).toEqual([
      ['container:app:1:start', 'wait:bad:healthy', 'bad failed to become healthy'],
    ]);
    const app = (await containers(failing)).find((c) => c.name === `${failing}-app-1`);
    expect(app?.state ?? 'absent').not.toBe('running');
  }, 30_000);
});
