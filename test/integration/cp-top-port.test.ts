// cp (both ways, directory contents, stdout tar), top and port on the real
// engine through the built CLI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { cleanupProject, dockerClient, uniqueProjectName } from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const project = uniqueProjectName('tsc-cp');
let docker: Dockerode;
let dir: string;

const compose = `
name: ${project}
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /data/sub; echo inside > /data/a.txt; echo deep > /data/sub/b.txt; while :; do sleep 1; done"]
    ports: ["127.0.0.1::80", "127.0.0.1::53/udp"]
`;

const run = (args: readonly string[]) => cli(args, { cwd: dir });

beforeAll(async () => {
  docker = await dockerClient();
  dir = tempProject({ 'compose.yaml': compose }, 'proj', 'file');
  const up = run(['up', '-d', '--wait']);
  if (up.code !== 0) throw new Error(`up failed: ${up.stderr}`);
});

afterAll(async () => {
  await cleanupProject(docker, project);
});

describe('cp', () => {
  it('copies a local file into the container and back out, content intact', () => {
    writeFileSync(join(dir, 'note.txt'), 'from the host\n');
    expect(run(['cp', 'note.txt', 'web:/tmp/note.txt']).code).toBe(0);
    expect(run(['exec', '-T', 'web', 'cat', '/tmp/note.txt']).stdout).toBe('from the host\n');
    mkdirSync(join(dir, 'back'), { recursive: true });
    expect(run(['cp', 'web:/tmp/note.txt', 'back/']).code).toBe(0);
    expect(readFileSync(join(dir, 'back/note.txt'), 'utf8')).toBe('from the host\n');
  });

  it('a directory lands under its own name in an existing one, or under the new name', () => {
    mkdirSync(join(dir, 'existing'), { recursive: true });
    expect(run(['cp', 'web:/data', 'existing']).code).toBe(0);
    expect(readFileSync(join(dir, 'existing/data/sub/b.txt'), 'utf8')).toBe('deep\n');
    expect(run(['cp', 'web:/data', 'renamed']).code).toBe(0);
    expect(readFileSync(join(dir, 'renamed/a.txt'), 'utf8')).toBe('inside\n');
  });

  it('dir/. copies the contents into the container', () => {
    mkdirSync(join(dir, 'site/css'), { recursive: true });
    writeFileSync(join(dir, 'site/index.html'), '<h1>hi</h1>\n');
    writeFileSync(join(dir, 'site/css/x.css'), 'body{}\n');
    expect(run(['exec', '-T', 'web', 'mkdir', '-p', '/srv/www']).code).toBe(0);
    expect(run(['cp', 'site/.', 'web:/srv/www']).code).toBe(0);
    const listing = run([
      'exec',
      '-T',
      'web',
      'sh',
      '-c',
      'cat /srv/www/index.html /srv/www/css/x.css',
    ]);
    expect(listing.stdout).toBe('<h1>hi</h1>\nbody{}\n');
  });

  it('- writes a tar archive to stdout', () => {
    const result = cli(['cp', 'web:/data/a.txt', '-'], { cwd: dir });
    expect(result.code).toBe(0);
    // A ustar header: the entry name first, the magic at offset 257.
    expect(result.stdout.startsWith('a.txt')).toBe(true);
    expect(result.stdout.slice(257, 262)).toBe('ustar');
  });

  it('a missing source or a missing service fails with exit 1', () => {
    const missing = run(['cp', 'web:/nope', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Could not find the file /nope');
    expect(run(['cp', 'nope.txt', 'web:/tmp/']).code).toBe(1);
    expect(run(['cp', 'a', 'b']).code).toBe(1);
  });
});

describe('top', () => {
  it("lists each container's processes under SERVICE and #", () => {
    const result = run(['top']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^SERVICE\s+#\s+UID\s+PID\s+PPID\s+.*CMD$/);
    expect(rows.some((row) => /^web\s+1\s+root\s+\d+.*sleep 1$/.test(row))).toBe(true);
  });
});

describe('port', () => {
  it('prints the published address, as the engine reports it', async () => {
    const result = run(['port', 'web', '80']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^127\.0\.0\.1:\d+\n$/);
    const [container] = await docker.listContainers({
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    const bindings = (await docker.getContainer(container!.Id).inspect()).NetworkSettings.Ports;
    expect(result.stdout.trim()).toBe(`127.0.0.1:${bindings['80/tcp']![0]!.HostPort}`);
    expect(run(['port', '--protocol', 'udp', 'web', '53']).stdout).toMatch(/^127\.0\.0\.1:\d+\n$/);
  });

  it('an unpublished port or a missing replica fails with exit 1', () => {
    const unpublished = run(['port', 'web', '81']);
    expect(unpublished.code).toBe(1);
    expect(unpublished.stderr).toContain('no port 81/tcp');
    const replica = run(['port', '--index', '2', 'web', '80']);
    expect(replica.code).toBe(1);
    expect(replica.stderr).toContain('is not running container #2');
  });
});
