/**
 * Issue 8's conformance checks with a real client: the docker CLI against the
 * built-in engine daemon (a private one, see test/support/builtin-engine.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRegistry } from '../support/registry.js';
import {
  loadBusybox,
  startBuiltinEngine,
  type TestBuiltinEngine,
} from '../support/builtin-engine.js';

let engine: TestBuiltinEngine;

function docker(args: string[], input?: string) {
  const result = spawnSync('docker', args, {
    env: engine.env,
    encoding: 'utf8',
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(args: string[], input?: string): string {
  const result = docker(args, input);
  if (result.code !== 0)
    throw new Error(
      `docker ${args.join(' ')} exited ${result.code}: ${result.stderr}\n--- engine log\n${engine.log().slice(-3000)}`,
    );
  return result.stdout;
}

const SLEEPER = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];

beforeAll(async () => {
  engine = await startBuiltinEngine();
  loadBusybox(engine);
});

afterAll(async () => {
  await engine?.destroy();
});

describe('the docker CLI against the built-in engine', () => {
  it('answers version and info', () => {
    expect(ok(['version', '--format', '{{.Server.APIVersion}}']).trim()).toBe('1.41');
    expect(ok(['info', '--format', '{{.Driver}}']).trim()).toBe('overlay2');
  });

  it('lists and inspects the loaded image', () => {
    expect(ok(['images', '--format', '{{.Repository}}:{{.Tag}}'])).toContain('busybox:latest');
    expect(ok(['image', 'inspect', 'busybox:latest', '--format', '{{.Os}}']).trim()).toBe('linux');
  });

  it('runs a container to completion with --rm and prints its output', () => {
    expect(ok(['run', '--rm', 'busybox:latest', 'echo', 'hello from runc'])).toBe(
      'hello from runc\n',
    );
    expect(docker(['run', '--rm', 'busybox:latest', 'sh', '-c', 'exit 3']).code).toBe(3);
  });

  it('runs detached, lists, logs, execs, stops, starts and removes', () => {
    const id = ok([
      'run',
      '-d',
      '--name',
      'cli-life',
      'busybox:latest',
      'sh',
      '-c',
      "echo started; trap 'exit 0' TERM; sleep 3600 & wait",
    ]).trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(ok(['ps', '--format', '{{.Names}} {{.Status}}'])).toMatch(/cli-life Up/);
    expect(ok(['logs', 'cli-life'])).toBe('started\n');
    expect(ok(['exec', 'cli-life', 'sh', '-c', 'echo $((6 * 7))'])).toBe('42\n');
    expect(ok(['exec', '-i', 'cli-life', 'cat'], 'piped in\n')).toBe('piped in\n');
    expect(docker(['exec', 'cli-life', 'sh', '-c', 'exit 5']).code).toBe(5);
    ok(['stop', 'cli-life']);
    expect(
      ok(['inspect', 'cli-life', '--format', '{{.State.Status}} {{.State.ExitCode}}']).trim(),
    ).toBe('exited 0');
    ok(['start', 'cli-life']);
    expect(ok(['inspect', 'cli-life', '--format', '{{.State.Running}}']).trim()).toBe('true');
    expect(ok(['logs', 'cli-life'])).toBe('started\nstarted\n');
    ok(['rm', '-f', 'cli-life']);
    expect(docker(['inspect', 'cli-life']).stderr).toMatch(/No such/);
  });

  it('runs exec with a TTY', () => {
    ok(['run', '-d', '--name', 'cli-tty', 'busybox:latest', ...SLEEPER]);
    // `script` gives the docker CLI a terminal, as a user's shell would.
    const result = spawnSync(
      'script',
      ['-qec', 'docker exec -t cli-tty sh -c "test -t 1 && echo tty"', '/dev/null'],
      {
        env: engine.env,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.stdout).toContain('tty');
    ok(['rm', '-f', 'cli-tty']);
  });

  it('publishes a port on 127.0.0.1', async () => {
    ok([
      'run',
      '-d',
      '--name',
      'cli-web',
      '-p',
      '127.0.0.1:18391:8080',
      'busybox:latest',
      'sh',
      '-c',
      "mkdir -p /www && echo hi-from-httpd > /www/index.html && trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait",
    ]);
    let body = '';
    for (let attempt = 0; attempt < 50 && body === ''; attempt++) {
      body = await fetch('http://127.0.0.1:18391/').then(
        (r) => r.text(),
        () => '',
      );
      if (body === '') await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toBe('hi-from-httpd\n');
    expect(ok(['port', 'cli-web'])).toContain('8080/tcp -> 127.0.0.1:18391');
    ok(['rm', '-f', 'cli-web']);
  });

  it('creates, inspects and removes networks and volumes; containers resolve each other by name', () => {
    ok(['network', 'create', 'cli-net']);
    expect(ok(['network', 'inspect', 'cli-net', '--format', '{{.Driver}}']).trim()).toBe('bridge');
    ok(['volume', 'create', 'cli-vol']);
    ok([
      'run',
      '-d',
      '--name',
      'cli-server',
      '--network',
      'cli-net',
      '--network-alias',
      'svc',
      '-v',
      'cli-vol:/data',
      'busybox:latest',
      ...SLEEPER,
    ]);
    const out = ok([
      'run',
      '--rm',
      '--network',
      'cli-net',
      'busybox:latest',
      'sh',
      '-c',
      'ping -c1 -W2 svc >/dev/null && ping -c1 -W2 cli-server >/dev/null && echo reachable',
    ]);
    expect(out).toBe('reachable\n');
    expect(docker(['volume', 'rm', 'cli-vol']).code).not.toBe(0);
    ok(['rm', '-f', 'cli-server']);
    ok(['volume', 'rm', 'cli-vol']);
    ok(['network', 'rm', 'cli-net']);
    expect(docker(['network', 'inspect', 'cli-net']).code).not.toBe(0);
  });

  it('pulls from a registry, open and behind htpasswd with the credentials of DOCKER_CONFIG', async () => {
    await using open = await startTestRegistry();
    await using locked = await startTestRegistry({ auth: { username: 'bob', password: 's3cret' } });
    const config = mkdtempSync(join(tmpdir(), 'tscompose-cli-auth-'));
    try {
      const auth = Buffer.from('bob:s3cret').toString('base64');
      writeFileSync(
        join(config, 'config.json'),
        JSON.stringify({ auths: { [locked.host]: { auth } } }),
      );
      // Pushed with the Docker Engine (the built-in engine does not push yet).
      for (const host of [open.host, locked.host]) {
        const image = `${host}/cli/bb:1`;
        const run = (args: string[]) =>
          spawnSync('docker', args, {
            env: { ...process.env, DOCKER_CONFIG: config },
            encoding: 'utf8',
          });
        expect(run(['tag', 'busybox:latest', image]).status).toBe(0);
        const pushed = run(['push', image]);
        expect(pushed.status, pushed.stderr).toBe(0);
        run(['rmi', image]);
      }
      expect(ok(['pull', `${open.host}/cli/bb:1`])).toContain(
        `Downloaded newer image for ${open.host}/cli/bb:1`,
      );
      const denied = docker(['pull', `${locked.host}/cli/bb:1`]);
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toMatch(/unauthorized|authentication required|no basic auth/i);
      const withAuth = spawnSync('docker', ['pull', `${locked.host}/cli/bb:1`], {
        env: { ...engine.env, DOCKER_CONFIG: config },
        encoding: 'utf8',
      });
      expect(withAuth.status, withAuth.stderr).toBe(0);
      expect(ok(['run', '--rm', `${locked.host}/cli/bb:1`, 'echo', 'pulled and ran'])).toBe(
        'pulled and ran\n',
      );
      expect(ok(['images', '--format', '{{.Repository}}'])).toContain(`${locked.host}/cli/bb`);
      ok(['rmi', `${open.host}/cli/bb:1`, `${locked.host}/cli/bb:1`]);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });
});
