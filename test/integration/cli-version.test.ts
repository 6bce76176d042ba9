// `tscompose version` against the real engine (Docker's, or the built-in one in the
// integration-builtin project): the client line, and the engine's version exactly as
// the engine reports it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerClient } from '../support/engine.js';

const root = resolve(import.meta.dirname, '../..');

function tscompose(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('node', [join(root, 'bin', 'tscompose.js'), ...args], { encoding: 'utf8', env });
}

describe('tscompose version', () => {
  it('prints the client version and the engine version reported by the engine', async () => {
    const engine = await (await dockerClient()).version();
    const { status, stdout } = tscompose(['version']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^tscompose version v\d+\.\d+\.\d+\n/);
    const name = (engine as { Platform?: { Name?: string } }).Platform?.Name?.startsWith(
      'tscompose',
    )
      ? 'tscompose built-in engine'
      : 'Docker Engine';
    expect(stdout).toContain(`Engine: ${name} ${engine.Version} (API ${engine.ApiVersion}`);
  });

  it('--format json carries the same facts', async () => {
    const engine = await (await dockerClient()).version();
    const { stdout } = tscompose(['version', '--format', 'json']);
    expect(JSON.parse(stdout).engine).toMatchObject({
      version: engine.Version,
      apiVersion: engine.ApiVersion,
    });
  });

  it('an engine that does not answer is one sentence naming the endpoint, not a failure of the client', () => {
    const { status, stdout } = tscompose(['version'], {
      ...process.env,
      DOCKER_HOST: 'unix:///tmp/tscompose-no-such.sock',
    });
    expect(status).toBe(0);
    expect(stdout).toContain('Engine: not reachable (');
    expect(stdout).toContain('/tmp/tscompose-no-such.sock');
  });

  it('asks the built-in engine when that is the choice, and does not start it', () => {
    const socket = '/tmp/tscompose-no-such-engine/engine.sock';
    const { status, stdout, stderr } = tscompose(['version'], {
      ...process.env,
      TSCOMPOSE_ENGINE: 'builtin',
      TSCOMPOSE_ENGINE_SOCKET: socket,
    });
    expect(status).toBe(0);
    expect(stdout).toContain(
      `Engine: not reachable (The built-in engine does not answer at unix://${socket}`,
    );
    expect(stdout).toContain('`tscompose engine start`');
    expect(stderr).not.toContain('Starting the built-in engine');
    expect(existsSync(socket)).toBe(false);
  });
});
