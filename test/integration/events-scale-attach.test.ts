// events --json, scale up and down, and attach on the real engine through the
// built CLI.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../support/cli.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const project = uniqueProjectName('tsc-evs');
const LOOP = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;
let docker: Dockerode;
let dir: string;

// `ticker` prints a line a second and exits 7 on TERM, so attach can see both.
const compose = `
name: ${project}
services:
  web:
    image: busybox:latest
    command: ${LOOP}
  ticker:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 7' TERM; while :; do echo tick; sleep 1; done"]
`;

const run = (args: readonly string[]) => cli(args, { cwd: dir });

async function serviceContainers(service: string) {
  return docker.listContainers({
    all: true,
    filters: JSON.stringify({
      label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
    }),
  });
}

beforeAll(async () => {
  docker = await dockerClient();
  dir = tempProject({ 'compose.yaml': compose }, 'proj', 'file');
  const up = run(['up', '-d']);
  if (up.code !== 0) throw new Error(`up failed: ${up.stderr}`);
});

afterAll(async () => {
  await cleanupProject(docker, project);
});

describe('events --json', () => {
  it("prints one JSON object per line in compose's shape for a container start", async () => {
    const events = spawnCli(['events', '--json', 'web'], { cwd: dir });
    // The subscription is open once the process runs; give it a moment to connect.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(run(['restart', 'web']).code).toBe(0);
    await events.waitForOutput('"action":"start"');
    events.signal('SIGINT');
    const { code, stdout } = await events.exited;
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const start = lines.find((event) => event.action === 'start')!;
    expect(Object.keys(start)).toEqual(['action', 'attributes', 'id', 'service', 'time', 'type']);
    expect(start).toMatchObject({ type: 'container', service: 'web' });
    expect(start.id).toMatch(/^[0-9a-f]{64}$/);
    expect(start.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(start.attributes).toMatchObject({ name: `${project}-web-1`, image: 'busybox:latest' });
    expect(
      Object.keys(start.attributes as object).some((k) => k.startsWith('com.docker.compose.')),
    ).toBe(false);
    // Only the service asked for.
    expect(lines.every((event) => event.service === 'web')).toBe(true);
  });
});

describe('scale', () => {
  it('adds replicas numbered after the existing ones, then removes the highest', async () => {
    expect(run(['scale', 'web=3']).code).toBe(0);
    const up = (await serviceContainers('web')).map((c) => c.Names[0]).sort();
    expect(up).toEqual([1, 2, 3].map((n) => `/${project}-web-${n}`));
    expect(run(['scale', 'web=1']).code).toBe(0);
    const down = (await serviceContainers('web')).map((c) => c.Names[0]);
    expect(down).toEqual([`/${project}-web-1`]);
  });

  it('a bad specifier is a usage error', () => {
    const result = run(['scale', 'web']);
    expect(result.code).toBe(16);
    expect(result.stderr).toContain('invalid scale specifier: web');
  });
});

describe('attach', () => {
  it("streams the container's output and exits with its code when it stops", async () => {
    const attached = spawnCli(['attach', '--no-stdin', 'ticker'], { cwd: dir });
    await attached.waitForOutput('tick');
    const [ticker] = await serviceContainers('ticker');
    await docker.getContainer(ticker!.Id).stop({ t: 10 });
    const { code, stdout } = await attached.exited;
    expect(stdout).toContain('tick\n');
    expect(code).toBe(7);
  });
});
