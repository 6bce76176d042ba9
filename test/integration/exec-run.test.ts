// exec and run on the real engine through the built CLI: piped and under a
// pseudo-terminal (util-linux `script`), exit codes, one-off containers
// (labels, --rm, -d), and dependencies brought up healthy before run.
import { spawnSync } from 'node:child_process';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tscomposeBin } from '../support/cli.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const project = uniqueProjectName('tsc-exec');
const LOOP = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;
let docker: Dockerode;
let dir: string;

// db turns healthy two seconds after it starts; web waits for that.
const compose = `
name: ${project}
services:
  db:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 2; touch /tmp/ready; while :; do sleep 1; done"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
  web:
    image: busybox:latest
    command: ${LOOP}
    ports: ["127.0.0.1::80"]
    environment:
      FROM_SERVICE: yes
    depends_on:
      db:
        condition: service_healthy
  idle:
    image: busybox:latest
    command: ${LOOP}
    scale: 0
`;

/** The CLI with `input` on its stdin (a pipe, so never a TTY). */
function piped(args: readonly string[], input = '') {
  const result = spawnSync('node', [tscomposeBin, ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI under a pseudo-terminal: `script` gives it a TTY on stdin and stdout. */
function underPty(args: string) {
  const result = spawnSync('script', ['-qfec', `node ${tscomposeBin} ${args}`, '/dev/null'], {
    cwd: dir,
    input: '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout };
}

async function oneOffContainers() {
  return docker.listContainers({
    all: true,
    filters: JSON.stringify({
      label: [`com.docker.compose.project=${project}`, 'com.docker.compose.oneoff=True'],
    }),
  });
}

beforeAll(async () => {
  docker = await dockerClient();
  dir = tempProject({ 'compose.yaml': compose }, 'proj', 'file');
});

afterAll(async () => {
  await cleanupProject(docker, project);
});

describe('run', () => {
  it('brings a dependency up healthy before its one-off container starts', async () => {
    const result = piped(['run', '-T', 'web', 'sh', '-c', 'echo ran; exit 0']);
    expect(result.stdout).toContain('ran');
    expect(result.code).toBe(0);
    const [oneOff] = await oneOffContainers();
    expect(oneOff).toBeDefined();
    const [db] = await docker.listContainers({
      filters: JSON.stringify({
        label: [`com.docker.compose.service=db`, `com.docker.compose.project=${project}`],
      }),
    });
    const health = (await docker.getContainer(db!.Id).inspect()).State.Health!;
    const firstHealthy = health.Log.find((entry) => entry.ExitCode === 0)!;
    const runStarted = (await docker.getContainer(oneOff!.Id).inspect()).State.StartedAt;
    expect(Date.parse(firstHealthy.End)).toBeLessThan(Date.parse(runStarted));
    // run starts the dependencies, never the service's own container.
    const own = await docker.listContainers({
      all: true,
      filters: JSON.stringify({
        label: [
          `com.docker.compose.project=${project}`,
          'com.docker.compose.service=web',
          'com.docker.compose.oneoff=False',
        ],
      }),
    });
    expect(own).toHaveLength(0);
    await docker.getContainer(oneOff!.Id).remove({ force: true });
  });

  it('--rm: exits with the container exit code and leaves no container', async () => {
    const result = piped([
      'run',
      '--rm',
      '-T',
      'web',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 4',
    ]);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toContain('err');
    expect(await oneOffContainers()).toHaveLength(0);
  });

  it('pipes stdin through to the command and passes -e, -w and -u', () => {
    const cat = piped(['run', '--rm', '-T', '--no-deps', 'web', 'cat'], 'piped line\n');
    expect(cat).toMatchObject({ code: 0, stdout: 'piped line\n' });
    const env = piped([
      'run',
      '--rm',
      '-T',
      '--no-deps',
      '-e',
      'EXTRA=1',
      '-w',
      '/tmp',
      '-u',
      '1234',
      'web',
      'sh',
      '-c',
      'echo $FROM_SERVICE $EXTRA $(pwd) $(id -u)',
    ]);
    expect(env).toMatchObject({ code: 0, stdout: 'yes 1 /tmp 1234\n' });
  });

  it('-d prints the id of a labelled one-off container, ports unpublished', async () => {
    const result = piped(['run', '-d', '--no-deps', 'web', 'sleep', '30']);
    expect(result.code).toBe(0);
    const id = result.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const inspected = await docker.getContainer(id).inspect();
    expect(inspected.Name).toMatch(new RegExp(`^/${project}-web-run-[0-9a-f]{12}$`));
    expect(inspected.Config.Labels).toMatchObject({
      'com.docker.compose.oneoff': 'True',
      'com.docker.compose.project': project,
      'com.docker.compose.service': 'web',
    });
    expect(inspected.Config.Labels['com.docker.compose.slug']).toMatch(/^[0-9a-f]{64}$/);
    expect(inspected.Config.Labels['com.docker.compose.container-number']).toBeUndefined();
    expect(inspected.HostConfig.PortBindings ?? {}).toEqual({});
    await docker.getContainer(id).remove({ force: true });
  });

  it('under a terminal the container gets a TTY', () => {
    const result = underPty("run --rm --no-deps web sh -c 'test -t 0 && echo HAS-TTY; exit 5'");
    expect(result.stdout).toContain('HAS-TTY');
    expect(result.code).toBe(5);
  });
});

describe('exec', () => {
  beforeAll(() => {
    const up = cli(['up', '-d', '--wait'], { cwd: dir });
    if (up.code !== 0) throw new Error(`up failed: ${up.stderr}`);
  });

  it('piped: stdin reaches cat, stdout comes back', () => {
    expect(piped(['exec', '-T', 'web', 'cat'], 'hello\n')).toMatchObject({
      code: 0,
      stdout: 'hello\n',
    });
  });

  it("the command's exit code is tscompose's", () => {
    expect(piped(['exec', '-T', 'web', 'sh', '-c', 'exit 3']).code).toBe(3);
  });

  it('flags after the service belong to the command; -e, -w, -u before it are ours', () => {
    // `-d` after the service is the command's argument, not --detach.
    const result = piped([
      'exec',
      '-T',
      '-e',
      'X=1',
      '-w',
      '/etc',
      '-u',
      '42',
      'web',
      'sh',
      '-c',
      'echo $X $(pwd) $(id -u) "$1"',
      'sh',
      '-d',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: '1 /etc 42 -d\n' });
  });

  it('under a terminal the command sees a TTY; -T pipes even then', () => {
    const tty = underPty("exec web sh -c 'test -t 0 && echo IS-TTY; tty'");
    expect(tty.stdout).toContain('IS-TTY');
    expect(tty.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(underPty("exec -T web sh -c 'test -t 0 || echo NOT-TTY'").stdout).toContain('NOT-TTY');
  });

  it("a service without a running container: compose's message, exit 1", () => {
    const result = piped(['exec', '-T', 'idle', 'true']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('service "idle" is not running');
  });
});
