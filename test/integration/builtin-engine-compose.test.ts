/**
 * Issue 8's conformance checks with Debian's docker-compose 1.29 (docker-py)
 * against the built-in engine, and its fault tests: the daemon killed while
 * containers run, a container exiting while the daemon is down.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadBusybox,
  startBuiltinEngine,
  type TestBuiltinEngine,
} from '../support/builtin-engine.js';

let engine: TestBuiltinEngine;
let dir: string;

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo web-ok > /www/index.html && trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]
    ports:
      - "127.0.0.1:18392:8080"
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      timeout: 2s
      retries: 10
  worker:
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do wget -q -O - http://web:8080/ >> /data/seen.log; sleep 1; done & wait"]
    volumes:
      - data:/data
    depends_on:
      web:
        condition: service_healthy
volumes:
  data: {}
`;

function compose(args: string[]) {
  const result = spawnSync('docker-compose', ['-p', 'bicompose', ...args], {
    cwd: dir,
    env: engine.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(args: string[]): string {
  const result = compose(args);
  if (result.code !== 0)
    throw new Error(
      `docker-compose ${args.join(' ')} exited ${result.code}: ${result.stderr}\n--- engine log\n${engine.log().slice(-3000)}`,
    );
  return result.stdout;
}

function docker(args: string[]): string {
  return spawnSync('docker', args, { env: engine.env, encoding: 'utf8', timeout: 60_000 }).stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tscompose-bicompose-'));
  writeFileSync(join(dir, 'docker-compose.yml'), COMPOSE);
  engine = await startBuiltinEngine();
  loadBusybox(engine);
});

afterAll(async () => {
  if (engine) compose(['down', '-v', '-t', '1']);
  await engine?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('docker-compose 1.29 against the built-in engine', () => {
  it('brings a stack up with a healthy dependency, a volume, a port and name resolution', async () => {
    ok(['up', '-d']);
    expect(
      docker(['inspect', 'bicompose_web_1', '--format', '{{.State.Health.Status}}']).trim(),
    ).toBe('healthy');
    expect(await fetch('http://127.0.0.1:18392/').then((r) => r.text())).toBe('web-ok\n');
    const ps = ok(['ps']);
    expect(ps).toMatch(/bicompose_web_1.*Up.*healthy/);
    expect(ps).toMatch(/bicompose_worker_1.*Up/);
    let seen = '';
    for (let attempt = 0; attempt < 30 && !seen.includes('web-ok'); attempt++) {
      await sleep(200);
      seen = ok(['exec', '-T', 'worker', 'cat', '/data/seen.log']);
    }
    expect(seen).toContain('web-ok');
    expect(ok(['logs', 'web'])).toContain('web_1');
    ok(['up', '-d']);
    expect(docker(['ps', '-q']).trim().split('\n')).toHaveLength(2);
  });

  it('stops and starts the stack', () => {
    ok(['stop', '-t', '2']);
    expect(docker(['inspect', 'bicompose_worker_1', '--format', '{{.State.Status}}']).trim()).toBe(
      'exited',
    );
    ok(['start']);
    expect(docker(['inspect', 'bicompose_worker_1', '--format', '{{.State.Running}}']).trim()).toBe(
      'true',
    );
  });
});

describe('faults', () => {
  it('containers outlive a killed daemon; after a restart they are listed, their logs kept, exits recorded', async () => {
    spawnSync(
      'docker',
      [
        'run',
        '-d',
        '--name',
        'fault-quitter',
        'busybox:latest',
        'sh',
        '-c',
        'echo before; sleep 2; echo after; exit 9',
      ],
      { env: engine.env },
    );
    const webPid = docker(['inspect', 'bicompose_web_1', '--format', '{{.State.Pid}}']).trim();
    await engine.kill9();
    await sleep(3500);
    // The web container's process is still alive without its daemon.
    expect(spawnSync('kill', ['-0', webPid]).status).toBe(0);
    await engine.restart();
    expect(docker(['ps', '--format', '{{.Names}}'])).toContain('bicompose_web_1');
    expect(
      docker([
        'inspect',
        'fault-quitter',
        '--format',
        '{{.State.Status}} {{.State.ExitCode}}',
      ]).trim(),
    ).toBe('exited 9');
    expect(docker(['logs', 'fault-quitter'])).toBe('before\nafter\n');
    expect(await fetch('http://127.0.0.1:18392/').then((r) => r.text())).toBe('web-ok\n');
  });

  it('answers malformed bodies and unknown endpoints with Engine-shaped errors and keeps serving', async () => {
    const { request } = await import('node:http');
    const call = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            socketPath: engine.socket,
            method,
            path,
            headers: { 'Content-Type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const malformed = await call('POST', '/v1.41/containers/create', '{"Image": ');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toHaveProperty('message');
    const unknown = await call('GET', '/v1.41/nothing/here');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ message: 'page not found' });
    const missing = await call('GET', '/v1.41/containers/nope/json');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).message).toMatch(/No such container: nope/);
    expect((await call('GET', '/_ping')).body).toBe('OK');
  });

  it('takes the stack down with its volume', () => {
    ok(['down', '-v', '-t', '1']);
    expect(
      docker(['ps', '-aq', '--filter', 'label=com.docker.compose.project=bicompose']).trim(),
    ).toBe('');
    expect(docker(['volume', 'ls', '-q'])).not.toContain('bicompose_data');
  });
});
