// `logs` and attached `up` on the real engine, through the CLI (its output is the
// point) and the library (`logs` as an async iterable following scaled containers).
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/index.js';
import type { Engine } from '../../src/engine/types.js';
import { logs, type LogLine } from '../../src/lifecycle/logs.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const root = resolve(import.meta.dirname, '../..');
const project = uniqueProjectName('tsc-logs');
const attachedProject = uniqueProjectName('tsc-attach');
let docker: Dockerode;
let engine: Engine;
let dir: string;

const compose = `
name: ${project}
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "echo line-1; sleep 0.1; echo line-2 >&2; sleep 0.1; echo line-3; trap 'exit 0' TERM; sleep 3600 & wait"]
`;

const attachedCompose = `
name: ${attachedProject}
services:
  one:
    image: busybox:latest
    command: ["sh", "-c", "echo one-says-bye; sleep 1; exit 3"]
  two:
    image: busybox:latest
    command: ["sh", "-c", "echo two-is-up; trap 'exit 0' TERM; sleep 3600 & wait"]
`;

function cli(args: string[], cwd = dir) {
  return spawnSync('node', [join(root, 'bin', 'tscompose.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 90_000,
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

beforeAll(async () => {
  docker = await dockerClient();
  engine = await openEngine(process.env);
  dir = tempProject({ 'compose.yaml': compose }, 'proj', 'file');
  const result = cli(['up', '-d', '--progress', 'quiet']);
  expect(result.status, result.stderr).toBe(0);
  // The lines are written right after start; wait until the engine has all three.
  for (let attempt = 0; attempt < 50; attempt++) {
    if (cli(['logs', '--no-log-prefix']).stdout.includes('line-3')) break;
    await sleep(100);
  }
});
afterAll(async () => {
  cli(['down', '--progress', 'quiet']);
  await cleanupProject(docker, project);
  await cleanupProject(docker, attachedProject);
});

describe('logs', () => {
  it('prints every line with the container name prefix, stderr lines on stderr, in order', () => {
    const result = cli(['logs']);
    expect(result.status, result.stderr).toBe(0);
    const prefix = `web-1  | `;
    expect(result.stdout).toContain(`${prefix}line-1\n`);
    // The container's stderr line goes to our stderr, as docker compose does.
    expect(result.stderr).toContain(`${prefix}line-2\n`);
    expect(result.stdout).not.toContain('line-2');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith(prefix))).toHaveLength(2);
    expect(lines.indexOf(`${prefix}line-1`)).toBeLessThan(lines.indexOf(`${prefix}line-3`));
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('honours --no-log-prefix, --tail 1 and -t', () => {
    expect(cli(['logs', '--no-log-prefix', 'web']).stdout.split('\n')).toContain('line-3');
    expect(cli(['logs', '--no-log-prefix', '--tail', '1']).stdout).toBe('line-3\n');
    const stamped = cli(['logs', '-t', '--tail', '1']).stdout;
    expect(stamped).toMatch(
      new RegExp(`^web-1  \\| \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z line-3\\n$`),
    );
  });

  it('works with -p alone, without the compose file', () => {
    const elsewhere = tempProject({}, 'empty');
    const result = cli(['-p', project, 'logs', '--no-log-prefix', '--tail', '1'], elsewhere);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('line-3\n');
  });

  it('follows a container started after it began (library, stopped by an AbortSignal)', async () => {
    const stop = new AbortController();
    const seen: LogLine[] = [];
    const following = (async () => {
      for await (const line of logs(project, engine, {
        services: ['web'],
        follow: true,
        signal: stop.signal,
      }))
        seen.push(line);
    })();
    await sleep(500);
    const scaled = cli(['up', '-d', '--scale', 'web=2', '--progress', 'quiet']);
    expect(scaled.status, scaled.stderr).toBe(0);
    const later = `${project}-web-2`;
    for (
      let attempt = 0;
      attempt < 100 && !seen.some((l) => l.container === later && l.line === 'line-3');
      attempt++
    )
      await sleep(100);
    stop.abort();
    await following;
    expect(seen.filter((l) => l.container === later).map((l) => l.line)).toEqual([
      'line-1',
      'line-2',
      'line-3',
    ]);
    expect(seen.filter((l) => l.container === `${project}-web-1`)).toHaveLength(3);
    expect(seen[0]).toMatchObject({ service: 'web', stream: 'stdout' });
    expect(seen[0]!.timestamp).toMatch(/^\d{4}-/);
  });

  it('logs -f runs until Ctrl-C and then exits 0', async () => {
    const child = spawn(
      'node',
      [join(root, 'bin', 'tscompose.js'), 'logs', '-f', '--no-log-prefix'],
      {
        cwd: dir,
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    for (let attempt = 0; attempt < 100 && !output.includes('line-3'); attempt++) await sleep(100);
    expect(child.exitCode).toBeNull();
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('line-1\n');
  });
});

describe('attached up', () => {
  it("--abort-on-container-exit --exit-code-from one exits with one's code", async () => {
    const attachedDir = tempProject({ 'compose.yaml': attachedCompose }, 'attached');
    const result = cli(
      ['up', '--abort-on-container-exit', '--exit-code-from', 'one', '--progress', 'quiet'],
      attachedDir,
    );
    expect(result.status, result.stderr).toBe(3);
    expect(result.stdout).toContain(`Attaching to one-1, two-1`);
    expect(result.stdout).toContain(`one-1  | one-says-bye`);
    expect(result.stdout).toContain(`one-1 exited with code 3`);
    expect(result.stderr).toContain('Aborting on container exit...');
    // Everything was stopped: nothing of the project runs any more.
    expect(await engine.listContainers({ project: attachedProject, all: false })).toEqual([]);
    const down = cli(['down', '--progress', 'quiet'], attachedDir);
    expect(down.status, down.stderr).toBe(0);
  });

  it('Ctrl-C stops the project gracefully and exits 130', async () => {
    const attachedDir = tempProject({ 'compose.yaml': attachedCompose }, 'attached');
    const child = spawn(
      'node',
      [join(root, 'bin', 'tscompose.js'), 'up', '--progress', 'quiet', 'two', '-t', '5'],
      { cwd: attachedDir },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    for (let attempt = 0; attempt < 300 && !stdout.includes('two-is-up'); attempt++)
      await sleep(100);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('Gracefully stopping... (press Ctrl+C again to force)');
    expect(stdout).toContain(`two-1 exited with code 0`);
    expect(await engine.listContainers({ project: attachedProject, all: false })).toEqual([]);
    cli(['down', '--progress', 'quiet'], attachedDir);
  });

  it('rejects the abort flags with -d', () => {
    const attachedDir = tempProject({ 'compose.yaml': attachedCompose }, 'attached');
    const result = cli(['up', '-d', '--abort-on-container-exit'], attachedDir);
    expect(result.status).toBe(16);
    expect(result.stderr).toContain('--abort-on-container-exit and --detach are incompatible');
  });
});
