// What the other files leave out, through the CLI on one project: the Docker
// CLI itself sees tscompose's containers with the compose labels; kill -s,
// stop/down -t against a process that ignores SIGTERM, pause as `ps --format
// json` reports it, and logs --index/--since.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../support/cli.js';
import { composeProject, SLEEPER, type ComposeProject } from '../support/compose-project.js';

// `stubborn` runs `sleep` as PID 1, which ignores SIGTERM: only SIGKILL (or -t) ends it.
const compose = (name: string) => `
name: ${name}
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "echo hello-from-$$HOSTNAME; trap 'exit 0' TERM; sleep 3600 & wait"]
    scale: 2
  polite:
    image: busybox:latest
    command: ${SLEEPER}
  stubborn:
    image: busybox:latest
    command: ["sleep", "3600"]
`;

let project: ComposeProject;

const ok = (result: CliResult) => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};
const docker = (args: string[]) => {
  const result = spawnSync('docker', args, { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const psJson = (...args: string[]) =>
  ok(project.cli(['ps', '-a', '--format', 'json', ...args]))
    .stdout.trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { Name: string; State: string; ExitCode: number });
const stateOf = (service: string) => psJson(service).map((c) => [c.State, c.ExitCode]);
/** `[state, exit code]` of one container, from the engine (cheaper than a CLI run when polling). */
const engineState = (service: string): [string, number] => {
  const [state, code] = docker([
    'inspect',
    '--format',
    '{{.State.Status}} {{.State.ExitCode}}',
    `${project.name}-${service}-1`,
  ])
    .trim()
    .split(' ');
  return [state!, Number(code)];
};
const seconds = (run: () => void) => {
  const started = Date.now();
  run();
  return (Date.now() - started) / 1000;
};

beforeAll(() => {
  project = composeProject('tsc-interop', compose, 'file');
  ok(project.cli(['up', '-d', '--progress', 'quiet']));
});

describe('interop with the Docker CLI', () => {
  it('docker ps --filter label=com.docker.compose.project=<p> lists the containers with their service', () => {
    const lines = docker([
      'ps',
      '--filter',
      `label=com.docker.compose.project=${project.name}`,
      '--format',
      '{{.Names}} {{.Label "com.docker.compose.service"}}',
    ]);
    expect(lines.trimEnd().split('\n').sort()).toEqual([
      `${project.name}-polite-1 polite`,
      `${project.name}-stubborn-1 stubborn`,
      `${project.name}-web-1 web`,
      `${project.name}-web-2 web`,
    ]);
  });

  it('docker inspect shows the compose labels Docker Compose sets', () => {
    const labels = JSON.parse(
      docker(['inspect', '--format', '{{json .Config.Labels}}', `${project.name}-web-2`]),
    ) as Record<string, string>;
    expect(labels).toMatchObject({
      'com.docker.compose.project': project.name,
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '2',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.project.working_dir': project.dir,
      'com.docker.compose.project.config_files': `${project.dir}/compose.yaml`,
    });
    expect(labels['com.docker.compose.config-hash']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('commands', () => {
  it('pause and unpause: ps --format json reports paused, then running', () => {
    ok(project.cli(['pause', 'polite']));
    expect(stateOf('polite')).toEqual([['paused', 0]]);
    ok(project.cli(['unpause', 'polite']));
    expect(stateOf('polite')).toEqual([['running', 0]]);
  });

  it('kill -s SIGTERM is ignored by a PID 1 without a handler; kill -s SIGKILL ends it with 137', () => {
    ok(project.cli(['kill', '-s', 'SIGTERM', 'stubborn']));
    expect(engineState('stubborn')).toEqual(['running', 0]);
    ok(project.cli(['kill', '-s', 'SIGTERM', 'polite']));
    const polite = () => engineState('polite');
    for (let attempt = 0; attempt < 50 && polite()[0] !== 'exited'; attempt++)
      spawnSync('sleep', ['0.1']);
    expect(polite()).toEqual(['exited', 0]);
    const killed = ok(project.cli(['kill', '-s', 'SIGKILL', 'stubborn', '--progress', 'plain']));
    expect(killed.stderr).toContain(`Container ${project.name}-stubborn-1  Killed`);
    expect(engineState('stubborn')).toEqual(['exited', 137]);
    ok(project.cli(['up', '-d', '--progress', 'quiet']));
    expect(engineState('stubborn')).toEqual(['running', 0]);
  });

  it('stop -t 1 ends a SIGTERM-deaf container after the timeout, not after 10 s', () => {
    const elapsed = seconds(() => ok(project.cli(['stop', '-t', '1', 'stubborn'])));
    expect(engineState('stubborn')).toEqual(['exited', 137]);
    expect(elapsed).toBeLessThan(9.5);
    ok(project.cli(['start', 'stubborn']));
  });

  it('logs --index picks one replica; --since filters by time', () => {
    const web2 = `${project.name}-web-2`;
    const id = docker(['inspect', '--format', '{{.Id}}', web2]).trim().slice(0, 12);
    expect(ok(project.cli(['logs', '--index', '2', '--no-log-prefix', 'web'])).stdout).toBe(
      `hello-from-${id}\n`,
    );
    const all = ok(project.cli(['logs', '--since', '1h', '--no-log-prefix', 'web'])).stdout;
    expect(all.trimEnd().split('\n')).toHaveLength(2);
    expect(all).toContain(`hello-from-${id}\n`);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(ok(project.cli(['logs', '--since', future, 'web'])).stdout).toBe('');
  });

  it('down -t 0 removes everything at once, the SIGTERM-deaf container included', async () => {
    const elapsed = seconds(() => ok(project.cli(['down', '-t', '0', '--progress', 'quiet'])));
    expect(elapsed).toBeLessThan(9.5);
    expect(await project.containers()).toEqual([]);
  });
});
