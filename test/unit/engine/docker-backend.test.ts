// Pure pieces of the Docker backend: error mapping, stream parsing, status text, network-removal retry.
import { PassThrough, Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { EngineError, EngineUnavailableError, toEngineError } from '../../../src/engine/errors.js';
import {
  exitCodeFromStatus,
  healthFromStatus,
} from '../../../src/engine/docker/docker-containers.js';
import { builtImageId, splitReference } from '../../../src/engine/docker/docker-images.js';
import {
  NETWORK_REMOVE_ATTEMPTS,
  removeNetwork,
} from '../../../src/engine/docker/docker-networks.js';
import {
  logChunks,
  splitFrames,
  followProgress,
  jsonLines,
} from '../../../src/engine/docker/docker-streams.js';

const context = {
  endpoint: 'unix:///x.sock (DOCKER_HOST)',
  operation: 'remove container web-1',
  resource: 'container web-1',
};

function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(`(HTTP code ${statusCode}) whatever - ${message} `), {
    statusCode,
    json: { message },
  });
}

describe('toEngineError', () => {
  it.each([
    [404, 'not-found'],
    [409, 'conflict'],
    [400, 'bad-request'],
    [500, 'engine'],
  ] as const)('maps HTTP %i to %s with the engine message', (status, code) => {
    const error = toEngineError(httpError(status, 'No such container: web-1'), context);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code, statusCode: status, resource: 'container web-1' });
    expect(error.message).toBe('Cannot remove container web-1: No such container: web-1.');
  });

  it.each(['ECONNREFUSED', 'ENOENT'])(
    'maps %s to EngineUnavailableError naming the endpoint',
    (code) => {
      const cause = Object.assign(new Error(`connect ${code} /x.sock`), { code });
      const error = toEngineError(cause, context);
      expect(error).toBeInstanceOf(EngineUnavailableError);
      expect(error.cause).toBe(cause);
      expect(error.message).toBe(
        `Cannot reach a Docker Engine at unix:///x.sock (DOCKER_HOST): connect ${code} /x.sock; start Docker, or in the tscompose repository run \`node scripts/engine.mjs ensure\`.`,
      );
    },
  );

  it('strips docker-modem’s prefix when there is no JSON body', () => {
    const error = toEngineError(
      Object.assign(new Error('(HTTP code 500) server error - boom '), { statusCode: 500 }),
      context,
    );
    expect(error.message).toBe('Cannot remove container web-1: boom.');
  });
});

describe('stream parsing', () => {
  it('splits JSON lines across and within chunks', async () => {
    const stream = Readable.from(['{"a":1}\n{"b"', ':2}\n\n{"c":3}', '\nnot json\n{"d":4}']);
    const messages = [];
    for await (const m of jsonLines(stream)) messages.push(m);
    expect(messages).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { raw: 'not json' }, { d: 4 }]);
  });

  it('reports progress and rejects on an in-band error', async () => {
    const events: unknown[] = [];
    const ok = Readable.from([
      '{"id":"l1","status":"Downloading","progressDetail":{"current":5,"total":10}}\n',
    ]);
    await followProgress(ok, (e) => events.push(e));
    expect(events).toEqual([{ id: 'l1', status: 'Downloading', current: 5, total: 10 }]);
    const failing = Readable.from([
      '{"status":"Pulling"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n',
    ]);
    await expect(followProgress(failing, () => undefined)).rejects.toThrow('manifest unknown');
  });

  it('demuxes a multiplexed log buffer and passes raw TTY output through', () => {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    const text = (chunks: { stream: string; data: Buffer }[]) =>
      chunks.map((c) => `${c.stream}:${c.data.toString()}`);
    const both = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'partial')]);
    const cut = both.length - 3;
    const first = splitFrames(both.subarray(0, cut));
    expect(text(first.chunks)).toEqual(['stdout:out\n', 'stderr:err\n']);
    expect(first.rest).toHaveLength(8 + 'partial'.length - 3);
    expect(text(splitFrames(Buffer.from('plain tty output\n')).chunks)).toEqual([
      'stdout:plain tty output\n',
    ]);
  });

  it('tags log chunks in the engine order and destroys the source when destroyed', async () => {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    const whole = Buffer.concat([frame(2, 'e1'), frame(1, 'o1'), frame(2, 'e2')]);
    const source = new PassThrough();
    const chunks = logChunks(source, false);
    source.write(whole.subarray(0, 5));
    source.end(whole.subarray(5));
    const seen: string[] = [];
    for await (const chunk of chunks as AsyncIterable<{ stream: string; data: Buffer }>)
      seen.push(`${chunk.stream}:${chunk.data.toString()}`);
    expect(seen).toEqual(['stderr:e1', 'stdout:o1', 'stderr:e2']);

    const live = new PassThrough();
    const following = logChunks(live, true);
    live.write('tty bytes');
    for await (const chunk of following as AsyncIterable<{ stream: string; data: Buffer }>) {
      expect(chunk.stream).toBe('stdout');
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(live.destroyed).toBe(true);
  });
});

describe('status text and references', () => {
  it.each([
    ['Up 3 seconds (healthy)', 'running', 'healthy'],
    ['Up 3 seconds (unhealthy)', 'running', 'unhealthy'],
    ['Up 1 second (health: starting)', 'running', 'starting'],
    ['Up 5 minutes', 'running', 'none'],
    ['Exited (1) 2 minutes ago', 'exited', undefined],
  ] as const)('%s → %s', (status, state, health) => {
    expect(healthFromStatus(status, state)).toBe(health);
  });

  it('reads the exit code of an exited container', () => {
    expect(exitCodeFromStatus('Exited (137) 2 minutes ago')).toBe(137);
    expect(exitCodeFromStatus('Up 2 minutes')).toBeUndefined();
  });

  it('splits references with registry ports and digests', () => {
    expect(splitReference('127.0.0.1:5000/app:1.2')).toEqual({
      repository: '127.0.0.1:5000/app',
      tag: '1.2',
    });
    expect(splitReference('127.0.0.1:5000/app')).toEqual({ repository: '127.0.0.1:5000/app' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(splitReference(`app@${digest}`)).toEqual({ repository: 'app', digest });
    expect(splitReference('docker.io/library/busybox:1.35')).toEqual({
      repository: 'busybox',
      tag: '1.35',
    });
    expect(splitReference('localhost/team/app:v1')).toEqual({
      repository: 'localhost/team/app',
      tag: 'v1',
    });
  });

  it('finds the built image id', () => {
    expect(builtImageId([{ stream: 'Step 1/1' }, { aux: { ID: 'sha256:1' } }])).toBe('sha256:1');
    expect(builtImageId([{ stream: 'Successfully built 0123abcd\n' }])).toBe('0123abcd');
  });
});

describe('removeNetwork', () => {
  const activeEndpoints = () =>
    httpError(403, 'error while removing network: network app_front id 1 has active endpoints');

  function fakeDocker(failures: number) {
    let calls = 0;
    const docker = {
      getNetwork: () => ({
        remove: async () => {
          calls++;
          if (calls <= failures) throw activeEndpoints();
        },
      }),
    } as unknown as Dockerode;
    return { docker, calls: () => calls };
  }
  const noDelay = async () => undefined;

  it('retries while the engine reports active endpoints', async () => {
    const { docker, calls } = fakeDocker(2);
    await removeNetwork(docker, 'app_front', noDelay);
    expect(calls()).toBe(3);
  });

  it('gives up after a bounded number of attempts with a clear message', async () => {
    const { docker, calls } = fakeDocker(100);
    await expect(removeNetwork(docker, 'app_front', noDelay)).rejects.toThrow(
      /^network app_front still has active endpoints after 8 attempts; remove or disconnect/,
    );
    expect(calls()).toBe(NETWORK_REMOVE_ATTEMPTS);
  });
});
