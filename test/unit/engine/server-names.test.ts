import { Agent, createServer, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyServerNameChoice,
  skipPlainHttpServerNames,
} from '../../../src/engine/docker/server-names.js';

type WithOptions = Agent & { options: { servername?: string } };

const dir = mkdtempSync(join(tmpdir(), 'server-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GET / over a unix socket through `agent`; the server answers the Host header it saw. */
async function getOverUnixSocket(agent: Agent): Promise<string> {
  const socketPath = join(dir, `s${Math.random().toString(36).slice(2)}.sock`);
  const server = createServer((req, res) => res.end(`host=${req.headers.host}`));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = request({ socketPath, path: '/', agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('plain HTTP server names', () => {
  it('leave the agent alone until the process asks', () => {
    const agent = new Agent({ keepAlive: true }) as WithOptions;
    applyServerNameChoice(agent);
    expect(agent.options.servername).toBeUndefined();
    agent.destroy();
  });

  it('once asked, an agent skips them and still talks over a unix socket as before', async () => {
    skipPlainHttpServerNames();
    const agent = new Agent({ keepAlive: true }) as WithOptions;
    applyServerNameChoice(agent);
    expect(agent.options.servername).toBe('');
    expect(agent.options).toMatchObject({ keepAlive: true });
    expect(await getOverUnixSocket(agent)).toBe('host=localhost');
  });
});
