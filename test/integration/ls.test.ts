// `ls` through the CLI on the real engine: a project this test starts is listed
// with its status and config file; -a, -q, --filter and --format json.
import { join, resolve } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupProject,
  dockerClient,
  projectLabel,
  uniqueProjectName,
} from '../support/engine.js';
import { cli } from '../support/cli.js';
import { tempProject } from '../support/temp-project.js';

const root = resolve(import.meta.dirname, '../..');
const project = uniqueProjectName('tsc-ls');
let docker: Dockerode;
let dir: string;

function tscompose(args: string[], cwd = dir) {
  return cli(args, { cwd });
}

const compose = `
name: ${project}
services:
  a:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
  b:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`;

beforeAll(async () => {
  docker = await dockerClient();
  dir = tempProject({ 'compose.yaml': compose }, 'ls', 'file');
  const result = tscompose(['up', '-d', '--progress', 'quiet']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});
afterAll(async () => {
  await cleanupProject(docker, project);
});

const lsJson = (args: string[]) => {
  const result = tscompose(['ls', '--format', 'json', '--filter', `name=^${project}$`, ...args]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { Name: string; Status: string; ConfigFiles: string }[];
};

describe('ls', () => {
  it('lists the project with its status and config file, from any directory', () => {
    const result = tscompose(['ls'], root);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+CONFIG FILES$/);
    const line = lines.find((l) => l.startsWith(`${project} `));
    expect(line?.split(/\s{2,}/)).toEqual([project, 'running(2)', join(dir, 'compose.yaml')]);
  });

  it('-q prints names only', () => {
    const result = tscompose(['ls', '-q'], root);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toContain(project);
  });

  it('--format json parses', () => {
    expect(lsJson([])).toEqual([
      { Name: project, Status: 'running(2)', ConfigFiles: join(dir, 'compose.yaml') },
    ]);
  });

  it('counts stopped containers only with -a, and hides stopped projects without it', async () => {
    const [first] = await docker.listContainers({
      filters: JSON.stringify({ label: [`${projectLabel}=${project}`] }),
    });
    await docker.getContainer(first!.Id).stop({ t: 5 });
    expect(lsJson([])[0]?.Status).toBe('running(1)');
    expect(lsJson(['-a'])[0]?.Status).toBe('exited(1), running(1)');
    const rest = await docker.listContainers({
      filters: JSON.stringify({ label: [`${projectLabel}=${project}`] }),
    });
    for (const c of rest) await docker.getContainer(c.Id).stop({ t: 5 });
    expect(lsJson([])).toEqual([]);
    expect(lsJson(['-a'])[0]?.Status).toBe('exited(2)');
  });

  it('rejects a filter other than name=', () => {
    const result = tscompose(['ls', '--filter', 'status=running'], root);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('only name=REGEX is supported');
  });
});
