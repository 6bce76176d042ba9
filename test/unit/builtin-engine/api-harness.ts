/** The API facade on a temporary socket in front of a FakeEngineCore, plus a raw HTTP client. */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { startApiServer, type ApiServer } from '../../../src/builtin-engine/api/index.js';
import { FakeEngineCore } from '../../support/fake-engine-core.js';

export interface Harness {
  readonly core: FakeEngineCore;
  readonly server: ApiServer;
  readonly socketPath: string;
  readonly docker: Docker;
  readonly logged: string[];
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-api-'));
  const socketPath = join(dir, 'run', 'engine.sock');
  const core = new FakeEngineCore();
  const logged: string[] = [];
  const server = await startApiServer(core, {
    socketPath,
    server: 'tscompose-engine/test (linux)',
    log: (line) => logged.push(line),
  });
  return {
    core,
    server,
    socketPath,
    docker: new Docker({ socketPath }),
    logged,
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;
}

/** One plain HTTP request over the unix socket; resolves with the whole answer. */
export function raw(
  socketPath: string,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString() });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Reads a stream to its end. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Polls `predicate` every 5 ms until it holds (or fails after `ms`). */
export async function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
