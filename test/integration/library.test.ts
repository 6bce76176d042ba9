// The library facade on the real engine: an in-memory project brought up with
// `await using` (down on dispose) and two concurrent `up`s serialised by the lock.
import { tmpdir } from 'node:os';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compose, type ExecutorEvent, type LogLine } from '../../src/index.js';
import {
  cleanupProject,
  dockerClient,
  projectLabel,
  uniqueProjectName,
} from '../support/engine.js';

const sleeper = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];
const model = (name: string) => ({
  name,
  services: {
    db: {
      image: 'busybox:latest',
      command: sleeper,
      healthcheck: { test: ['CMD', 'true'], interval: '1s', timeout: '2s', retries: 5 },
    },
    app: {
      image: 'busybox:latest',
      command: [
        'sh',
        '-c',
        "echo app-ready; echo app-warning >&2; trap 'exit 0' TERM; sleep 3600 & wait",
      ],
      depends_on: { db: { condition: 'service_healthy' } },
    },
  },
});

let docker: Dockerode;
const projects: string[] = [];
beforeAll(async () => {
  docker = await dockerClient();
});
afterAll(async () => {
  for (const project of projects) await cleanupProject(docker, project);
});

const containersOf = (project: string) =>
  docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${projectLabel}=${project}`] }),
  });

describe('library: Compose', () => {
  it('await using brings an in-memory project up with wait and takes it down on dispose', async () => {
    const name = uniqueProjectName('tsc-lib');
    projects.push(name);
    const events: ExecutorEvent[] = [];
    const compose = await Compose.load({ model: model(name), workingDir: tmpdir() });
    expect(compose.project.name).toBe(name);
    const plan = await compose.plan();
    expect(plan.actions.length).toBeGreaterThan(0);
    {
      await using stack = await compose.up({
        wait: true,
        waitTimeoutMs: 60_000,
        onEvent: (event) => events.push(event),
        dispose: { volumes: true },
      });
      const rows = await stack.ps();
      expect(rows.map((row) => [row.Service, row.State])).toEqual([
        ['app', 'running'],
        ['db', 'running'],
      ]);
      expect(rows.find((row) => row.Service === 'db')?.Health).toBe('healthy');
      // The engine writes the log asynchronously: look again for a moment if needed.
      let lines: LogLine[] = [];
      for (let attempt = 0; attempt < 20 && lines.length < 2; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        lines = [];
        for await (const line of stack.logs({ services: ['app'] })) lines.push(line);
      }
      expect(lines.map((l) => [l.container, l.stream, l.line]).sort()).toEqual([
        [`${name}-app-1`, 'stderr', 'app-warning'],
        [`${name}-app-1`, 'stdout', 'app-ready'],
      ]);
      expect(events.some((e) => e.type === 'action.done')).toBe(true);
    }
    expect(await containersOf(name)).toEqual([]);
    const networks = await docker.listNetworks({
      filters: JSON.stringify({ label: [`${projectLabel}=${name}`] }),
    });
    expect(networks).toEqual([]);
  });

  it('two concurrent ups of one project through two instances create no duplicates', async () => {
    const name = uniqueProjectName('tsc-lib');
    projects.push(name);
    const [a, b] = await Promise.all([
      Compose.load({ model: model(name), workingDir: tmpdir() }),
      Compose.load({ model: model(name), workingDir: tmpdir() }),
    ]);
    const waits: string[] = [];
    const onEvent = (event: ExecutorEvent) => {
      if (event.type === 'warning' && event.message.startsWith('waiting for'))
        waits.push(event.message);
    };
    const [first, second] = await Promise.all([
      a.up({ onEvent, lock: { pollMs: 20 } }),
      b.up({ onEvent, lock: { pollMs: 20 } }),
    ]);
    expect(waits).toEqual([
      `waiting for another tscompose (pid ${process.pid}) converging project ${name}`,
    ]);
    const containers = await containersOf(name);
    expect(containers.map((c) => c.Labels['com.docker.compose.service']).sort()).toEqual([
      'app',
      'db',
    ]);
    // One of the two created everything; the other found it converged.
    const created = [first, second].map(
      (stack) => stack.result.plan.actions.filter((x) => x.type === 'container.create').length,
    );
    expect(created.sort()).toEqual([0, 2]);
    await first.down();
    await second.down();
    expect(await containersOf(name)).toEqual([]);
  });

  it('events() yields the progress of later calls as an async iterator', async () => {
    const name = uniqueProjectName('tsc-lib');
    projects.push(name);
    const compose = await Compose.load({ model: model(name), workingDir: tmpdir() });
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of compose.events(controller.signal)) seen.push(event.type);
    })();
    const stack = await compose.up();
    await stack.down();
    controller.abort();
    await reading;
    expect(seen).toContain('action.start');
    expect(seen).toContain('action.done');
  });
});
