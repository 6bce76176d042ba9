import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getEngineVersion } from '../../../src/engine/docker/connection.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tscompose-version-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('getEngineVersion (fake engine on a temp unix socket)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const socketPath = join(home, 'engine.sock');
    server = createServer(handler);
    await new Promise<void>((done) => server!.listen(socketPath, done));
    return socketPath;
  }

  it('returns version, API version, OS and architecture', async () => {
    const socketPath = await listen((req, res) => {
      expect(req.url).toMatch(/\/version$/);
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({ Version: '27.1.0', ApiVersion: '1.46', Os: 'linux', Arch: 'arm64' }),
      );
    });
    expect(await getEngineVersion({ DOCKER_HOST: `unix://${socketPath}` })).toEqual({
      endpoint: `unix://${socketPath}`,
      name: 'Docker Engine',
      version: '27.1.0',
      apiVersion: '1.46',
      os: 'linux',
      arch: 'arm64',
    });
  });

  it('gives up on an engine that never answers, within the timeout', async () => {
    const socketPath = await listen(() => undefined);
    const startedAt = Date.now();
    const result = await getEngineVersion(
      { DOCKER_HOST: `unix://${socketPath}` },
      { timeoutMs: 300 },
    );
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(result).toMatchObject({ endpoint: `unix://${socketPath}` });
    expect('error' in result && result.error).toMatch(/node scripts\/engine\.mjs ensure/);
    server!.closeAllConnections();
  });

  it('names the endpoint and how to start an engine when nothing listens', async () => {
    const socketPath = join(home, 'missing.sock');
    const result = await getEngineVersion({ DOCKER_HOST: `unix://${socketPath}` });
    expect(result).toEqual({
      endpoint: `unix://${socketPath}`,
      error: expect.stringMatching(
        new RegExp(
          `^Cannot reach a Docker Engine at unix://${socketPath} \\(DOCKER_HOST\\): .*start Docker.*ensure\`\\.$`,
        ),
      ),
    });
  });

  it('reports a bad configuration as an error result instead of throwing', async () => {
    const result = await getEngineVersion({ DOCKER_CONTEXT: 'ghost' }, { homeDir: home });
    expect(result).toMatchObject({
      endpoint: 'ghost',
      error: expect.stringContaining('"ghost" does not exist'),
    });
  });
});
