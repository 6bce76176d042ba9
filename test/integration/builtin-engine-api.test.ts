/**
 * The built-in engine's HTTP facade against the real docker CLI: the server
 * runs in this process in front of the in-memory FakeEngineCore, and each
 * `docker` command (DOCKER_HOST=unix://<temp socket>, an empty DOCKER_CONFIG)
 * must negotiate API 1.41, parse our JSON and frame our streams without an
 * error. Nothing here touches the Docker Engine that runs beside it.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../src/builtin-engine/api/index.js';
import { FakeEngineCore, type FakeContainer } from '../support/fake-engine-core.js';

let dir: string;
let server: ApiServer;
let core: FakeEngineCore;
let web: FakeContainer;

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the docker CLI asynchronously (a synchronous child would block this process's server). */
function docker(args: string[], input?: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKER_HOST: `unix://${join(dir, 'engine.sock')}`,
    DOCKER_CONFIG: join(dir, 'docker-config'),
  };
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, string>);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-engine-api-'));
  await mkdir(join(dir, 'docker-config'));
  core = new FakeEngineCore();
  web = core.addContainer({ name: 'web', status: 'running', labels: { app: 'shop' } });
  core.log(web.id, 'stdout', 'hello out\n');
  core.log(web.id, 'stderr', 'hello err\n');
  core.log(web.id, 'stdout', 'bye out\n');
  core.addContainer({ name: 'job', status: 'exited', exitCode: 3 });
  const tty = core.addContainer({ name: 'term', status: 'exited', tty: true });
  core.log(tty.id, 'stdout', 'raw\r\n');
  server = await startApiServer(core, { socketPath: join(dir, 'engine.sock') });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the docker CLI against the facade (fake core)', () => {
  it('docker version negotiates API 1.41 and reads the server block', async () => {
    const result = await docker(['version', '--format', '{{json .}}']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      Client: { ApiVersion: string };
      Server: { ApiVersion: string; Platform: { Name: string } };
    };
    expect(parsed.Client.ApiVersion).toBe('1.41');
    expect(parsed.Server).toMatchObject({
      ApiVersion: '1.41',
      Platform: { Name: 'tscompose engine (fake core)' },
    });
  });

  it('docker ps -a lists every container with its status; a label filter narrows it', async () => {
    const all = await docker(['ps', '-a', '--no-trunc', '--format', '{{json .}}']);
    expect(all.code).toBe(0);
    const rows = jsonLines(all.stdout);
    expect(rows.map((row) => row.Names).sort()).toEqual(['job', 'term', 'web']);
    expect(rows.find((row) => row.Names === 'job')?.Status).toBe('Exited (3) 1 second ago');
    expect(rows.find((row) => row.Names === 'web')?.ID).toBe(web.id);
    const filtered = await docker([
      'ps',
      '-a',
      '--filter',
      'label=app=shop',
      '--format',
      '{{.Names}}',
    ]);
    expect(filtered.stdout.trim()).toBe('web');
  });

  it('docker inspect parses the container and reports a missing one like the Engine', async () => {
    const result = await docker(['inspect', 'web']);
    expect(result.code).toBe(0);
    const [inspected] = JSON.parse(result.stdout) as Array<{
      Id: string;
      State: { Running: boolean };
    }>;
    expect(inspected).toMatchObject({ Id: web.id, State: { Running: true } });
    const missing = await docker(['inspect', '--type', 'container', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No such container: nope/);
  });

  it('docker logs splits stdout and stderr; a TTY container logs raw bytes', async () => {
    const result = await docker(['logs', 'web']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('hello out\nbye out\n');
    expect(result.stderr).toBe('hello err\n');
    const tail = await docker(['logs', '--tail', '1', 'web']);
    expect(tail.stdout).toBe('bye out\n');
    const tty = await docker(['logs', 'term']);
    expect(tty.stdout).toBe('raw\r\n');
  });

  it('docker exec -i pipes stdin through the hijacked connection and returns the exit code', async () => {
    const result = await docker(['exec', '-i', 'web', 'cat', 'exit=5'], 'piped line\nsecond\n');
    expect(result.stdout).toBe('piped line\nsecond\n');
    expect(result.stderr).toBe('exec cat exit=5\n');
    expect(result.code).toBe(5);
    const plain = await docker(['exec', 'web', 'echo', 'hi']);
    expect(plain).toMatchObject({ code: 0, stdout: 'hi\n' });
  });

  it('docker network ls, volume ls and images parse our lists', async () => {
    const networks = await docker(['network', 'ls', '--format', '{{json .}}']);
    expect(networks.code).toBe(0);
    expect(jsonLines(networks.stdout).map((n) => n.Name)).toEqual(['bridge', 'host', 'none']);
    const volumes = await docker(['volume', 'ls', '--format', '{{json .}}']);
    expect(volumes.code).toBe(0);
    expect(
      jsonLines(volumes.stdout)
        .map((v) => v.Name)
        .sort(),
    ).toEqual(['cache', 'data']);
    const images = await docker(['images', '--format', '{{json .}}']);
    expect(images.code).toBe(0);
    expect(jsonLines(images.stdout)).toEqual([
      expect.objectContaining({ Repository: 'busybox', Tag: 'latest' }),
    ]);
  });
});
