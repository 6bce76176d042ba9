// up / down / ps on the real engine, through the lifecycle API the commands use
// (and the CLI where its output is the point): a web server publishing a port on
// 127.0.0.1 with a healthcheck, and a worker that waits for it to be healthy.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/index.js';
import { Label, type Engine } from '../../src/engine/types.js';
import type { ExecutorEvent } from '../../src/executor/types.js';
import { down } from '../../src/lifecycle/down.js';
import { up, type UpResult } from '../../src/lifecycle/up.js';
import type { UpPlanOptions } from '../../src/planner/types.js';
import { loadProject } from '../../src/spec/load.js';
import { cli as runCli } from '../support/cli.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';
import { writeFileSync } from 'node:fs';

const project = uniqueProjectName('tsc-up');
const port = 20_000 + Math.floor(Math.random() * 20_000);
let docker: Dockerode;
let engine: Engine;
let dir: string;

const compose = (interval: string) => `
name: ${project}
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-web > /www/index.html && trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]
    ports: ["127.0.0.1:${port}:8080"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      timeout: 2s
      retries: 10
  worker:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    environment:
      INTERVAL: "${interval}"
    depends_on:
      web:
        condition: service_healthy
    volumes: [data:/data]
volumes:
  data: {}
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

async function upNow(
  events: ExecutorEvent[] = [],
): Promise<Extract<UpResult, { status: 'applied' }>> {
  const loaded = await loadProject({ cwd: dir });
  const outcome = await up(
    loaded,
    engine,
    { plan: planOptions, parallel: -1, wait: true, waitTimeoutMs: 60_000 },
    (event) => events.push(event),
  );
  if (outcome.status !== 'applied')
    throw new Error(`blocked: ${JSON.stringify(outcome.plan.blockers)}`);
  return outcome;
}

async function downNow(volumes: boolean) {
  const loaded = await loadProject({ cwd: dir });
  return down(
    loaded,
    engine,
    { plan: { kind: 'down', services: [], removeOrphans: false, volumes }, parallel: -1 },
    () => undefined,
  );
}

async function containerIds(): Promise<Record<string, string>> {
  const list = await engine.listContainers({ project, all: true });
  return Object.fromEntries(list.map((c) => [c.labels[Label.service]!, c.id]));
}

async function execIn(service: string, script: string): Promise<string> {
  const id = (await containerIds())[service]!;
  const chunks: Buffer[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const { exitCode } = await engine.exec(id, { command: ['sh', '-c', script], stdout });
  expect(exitCode).toBe(0);
  return Buffer.concat(chunks).toString('utf8');
}

function cli(args: string[], cwd = dir) {
  return runCli(args, { cwd });
}

beforeAll(async () => {
  docker = await dockerClient();
  engine = await openEngine(process.env);
  dir = tempProject({ 'compose.yaml': compose('5') }, 'proj', 'file');
});
afterAll(async () => {
  await cleanupProject(docker, project);
  await docker
    .getVolume(`${project}_data`)
    .remove()
    .catch(() => undefined);
});

describe('up, ps, down on the real engine', () => {
  it('up -d --wait: both services run, web is healthy and answers on 127.0.0.1', async () => {
    const events: ExecutorEvent[] = [];
    const outcome = await upNow(events);
    expect(outcome.ok).toBe(true);
    const list = await engine.listContainers({ project, all: true });
    expect(list.map((c) => [c.labels[Label.service], c.state]).sort()).toEqual([
      ['web', 'running'],
      ['worker', 'running'],
    ]);
    expect(list.find((c) => c.labels[Label.service] === 'web')!.health).toBe('healthy');
    const page = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    expect(page.trim()).toBe('hello-from-web');
    // The worker started only after web was healthy.
    const index = (type: string, id: string) =>
      events.findIndex((e) => e.type === type && 'action' in e && e.action.id === id);
    const webHealthy = events.findIndex(
      (e) =>
        e.type === 'action.done' &&
        e.action.type === 'container.wait' &&
        e.action.service === 'web',
    );
    expect(webHealthy).toBeGreaterThan(-1);
    expect(index('action.start', 'container:worker:1:start')).toBeGreaterThan(webHealthy);
  });

  it('a second up is a no-op: nothing planned, same container ids', async () => {
    const before = await containerIds();
    const outcome = await upNow();
    expect(outcome.ok).toBe(true);
    expect(outcome.plan.actions).toEqual([]);
    expect(await containerIds()).toEqual(before);
  });

  it('changing one environment variable recreates exactly that service', async () => {
    const before = await containerIds();
    writeFileSync(join(dir, 'compose.yaml'), compose('7'));
    const outcome = await upNow();
    expect(outcome.ok).toBe(true);
    const after = await containerIds();
    expect(after.web).toBe(before.web);
    expect(after.worker).not.toBe(before.worker);
    expect(Object.keys(after).sort()).toEqual(['web', 'worker']);
    expect(await execIn('worker', 'echo $INTERVAL')).toBe('7\n');
  });

  it('ps --format json prints one parseable object per container', () => {
    const result = cli(['ps', '--format', 'json']);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => r.Service)).toEqual(['web', 'worker']);
    expect(rows[0]).toMatchObject({
      Project: project,
      State: 'running',
      Health: 'healthy',
      Publishers: [{ URL: '127.0.0.1', TargetPort: 8080, PublishedPort: port, Protocol: 'tcp' }],
    });
    expect(cli(['ps', '-q']).stdout.trim().split('\n')).toHaveLength(2);
    expect(cli(['ps', '--services']).stdout).toBe('web\nworker\n');
  });

  it('docker ps-style interop: a label query lists the containers with compose labels', async () => {
    const list = await engine.listContainers({
      labels: [`com.docker.compose.project=${project}`],
      all: false,
    });
    expect(list).toHaveLength(2);
    for (const container of list) {
      expect(container.labels[Label.project]).toBe(project);
      expect(container.labels[Label.containerNumber]).toBe('1');
      expect(container.labels[Label.oneoff]).toBe('False');
      expect(container.labels[Label.configHash]).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('down keeps the named volume and its data; up again reads it back', async () => {
    await execIn('worker', 'echo kept > /data/file');
    const outcome = await downNow(false);
    expect(outcome.status === 'applied' && outcome.ok).toBe(true);
    expect(await engine.listContainers({ project, all: true })).toEqual([]);
    expect((await engine.listVolumes({ project })).map((v) => v.name)).toEqual([`${project}_data`]);
    expect((await upNow()).ok).toBe(true);
    expect(await execIn('worker', 'cat /data/file')).toBe('kept\n');
  });

  it('down -v with -p and no compose file removes containers, network and the volume', async () => {
    const result = cli(['-p', project, 'down', '-v'], tmpdir());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Volume ${project}_data  Removed`);
    expect(await engine.listContainers({ project, all: true })).toEqual([]);
    expect(await engine.listVolumes({ project })).toEqual([]);
    expect(await engine.listNetworks({ project })).toEqual([]);
  });
});
