// create / start / stop / restart / rm / kill / pause / unpause / wait on the
// real engine: a project brought up with the `up` lifecycle function, then each
// command through the CLI (or its lifecycle function), asserting container
// states as the engine reports them.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/index.js';
import { Label, type ContainerSummary, type Engine } from '../../src/engine/types.js';
import { create } from '../../src/lifecycle/create.js';
import { restart } from '../../src/lifecycle/restart.js';
import { up } from '../../src/lifecycle/up.js';
import type { UpPlanOptions } from '../../src/planner/types.js';
import { loadProject } from '../../src/spec/load.js';
import { cli as runCli, spawnCli } from '../support/cli.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const project = uniqueProjectName('tsc-lc');
const waitProject = uniqueProjectName('tsc-lcw');
const SLEEPER = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;
let docker: Dockerode;
let engine: Engine;
let dir: string;
let waitDir: string;

// db <- web (restart: true); worker independent.
const compose = `
name: ${project}
services:
  db:
    image: busybox:latest
    command: ${SLEEPER}
  web:
    image: busybox:latest
    command: ${SLEEPER}
    depends_on:
      db:
        condition: service_started
        restart: true
  worker:
    image: busybox:latest
    command: ${SLEEPER}
`;

const waitCompose = `
name: ${waitProject}
services:
  job:
    image: busybox:latest
    command: ["sh", "-c", "sleep 1; exit 3"]
  idle:
    image: busybox:latest
    command: ${SLEEPER}
`;

const planOptions: UpPlanOptions = {
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

async function upNow(cwd = dir): Promise<void> {
  const outcome = await up(
    await loadProject({ cwd }),
    engine,
    { plan: planOptions, parallel: -1, wait: false },
    () => undefined,
  );
  if (outcome.status !== 'applied' || !outcome.ok) throw new Error('up failed');
}

function cli(args: string[], cwd = dir) {
  return runCli(['--progress', 'plain', ...args], { cwd });
}

async function containers(name = project): Promise<Record<string, ContainerSummary>> {
  const list = await engine.listContainers({ project: name, all: true });
  return Object.fromEntries(list.map((c) => [c.labels[Label.service]!, c]));
}

async function states(name = project): Promise<Record<string, string>> {
  const list = await containers(name);
  return Object.fromEntries(Object.entries(list).map(([service, c]) => [service, c.state]));
}

async function startedAt(id: string): Promise<string> {
  const info = (await engine.inspectContainer(id)) as { State?: { StartedAt?: string } };
  return info.State?.StartedAt ?? '';
}

beforeAll(async () => {
  docker = await dockerClient();
  engine = await openEngine(process.env);
  dir = tempProject({ 'compose.yaml': compose }, 'proj', 'file');
  waitDir = tempProject({ 'compose.yaml': waitCompose }, 'waitproj', 'file');
});
afterAll(async () => {
  await cleanupProject(docker, project);
  await cleanupProject(docker, waitProject);
});

describe('container lifecycle commands on the real engine', () => {
  it('create makes every container and starts none', async () => {
    const outcome = await create(
      await loadProject({ cwd: dir }),
      engine,
      { plan: planOptions, parallel: -1 },
      () => undefined,
    );
    expect(outcome.status === 'applied' && outcome.ok).toBe(true);
    expect(await states()).toEqual({ db: 'created', web: 'created', worker: 'created' });
  });

  it('start starts the existing containers, dependencies first', async () => {
    const result = cli(['start']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Container ${project}-web-1  Started`);
    expect(await states()).toEqual({ db: 'running', web: 'running', worker: 'running' });
  });

  it('stop -t 1 stops the named service; -p NAME works without a compose file', async () => {
    const stopped = cli(['stop', '-t', '1', 'worker']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain(`Container ${project}-worker-1  Stopped`);
    expect(await states()).toEqual({ db: 'running', web: 'running', worker: 'exited' });
    const elsewhere = tempProject({}, 'empty');
    const all = cli(['-p', project, 'stop', '-t', '1'], elsewhere);
    expect(all.code, all.stderr).toBe(0);
    expect(await states()).toEqual({ db: 'exited', web: 'exited', worker: 'exited' });
  });

  it('start of a service without a container fails with one sentence', async () => {
    await docker.getContainer((await containers()).worker!.id).remove({ force: true });
    const result = cli(['start', 'worker']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('service worker has no container to start');
    expect(result.stderr).not.toContain('    at ');
    await upNow();
  });

  it('restart of a dependency restarts its restart: true dependent, not the others', async () => {
    const before = await containers();
    const beforeStarts = {
      db: await startedAt(before.db!.id),
      web: await startedAt(before.web!.id),
      worker: await startedAt(before.worker!.id),
    };
    const result = await restart(
      await loadProject({ cwd: dir }),
      engine,
      { services: ['db'], noDeps: false, parallel: -1, timeoutSeconds: 1 },
      () => undefined,
    );
    expect(result.ok).toBe(true);
    expect(await states()).toEqual({ db: 'running', web: 'running', worker: 'running' });
    expect(await startedAt(before.db!.id)).not.toBe(beforeStarts.db);
    expect(await startedAt(before.web!.id)).not.toBe(beforeStarts.web);
    expect(await startedAt(before.worker!.id)).toBe(beforeStarts.worker);
  });

  it('restart --no-deps restarts only the named service (CLI)', async () => {
    const before = await containers();
    const webStart = await startedAt(before.web!.id);
    const result = cli(['restart', '-t', '1', '--no-deps', 'db']);
    expect(result.code, result.stderr).toBe(0);
    expect(await startedAt(before.web!.id)).toBe(webStart);
  });

  it('pause and unpause', async () => {
    const paused = cli(['pause', 'web']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stderr).toContain(`Container ${project}-web-1  Paused`);
    expect((await states()).web).toBe('paused');
    const unpaused = cli(['unpause']);
    expect(unpaused.code, unpaused.stderr).toBe(0);
    expect((await states()).web).toBe('running');
  });

  it('kill sends SIGKILL by default', async () => {
    const result = cli(['kill', 'worker']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Container ${project}-worker-1  Killed`);
    const worker = (await containers()).worker!;
    expect(worker.state).toBe('exited');
    expect(worker.exitCode).toBe(137);
  });

  it('rm without -s keeps running containers (no TTY: no prompt); -s -f removes them', async () => {
    const result = cli(['rm']);
    expect(result.code, result.stderr).toBe(0);
    expect(await states()).toEqual({ db: 'running', web: 'running' });
    const none = cli(['rm', '-f']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No stopped containers');
    const stopped = cli(['rm', '-f', '-s', '-v']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(await states()).toEqual({});
  });

  it('wait exits with the code of the first container to stop; --down-project takes it down', async () => {
    await upNow(waitDir);
    const { code, stderr } = await spawnCli(
      ['--progress', 'quiet', 'wait', 'job', '--down-project'],
      {
        cwd: waitDir,
      },
    ).exited;
    expect(code, stderr).toBe(3);
    expect(await states(waitProject)).toEqual({});
  });
});
