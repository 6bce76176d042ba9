// DockerEngine against the real engine: every resource it creates carries a unique
// project label and is removed in afterAll (cleanupProject).
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker/docker-engine.js';
import { EngineError, EngineUnavailableError } from '../../src/engine/errors.js';
import { openEngine } from '../../src/engine/index.js';
import {
  Label,
  type ContainerSpec,
  type EngineEvent,
  type LogChunkStream,
} from '../../src/engine/types.js';
import {
  busyboxImage,
  cleanupProject,
  dockerClient,
  uniqueProjectName,
} from '../support/engine.js';

const project = uniqueProjectName('tsc-dengine');
let docker: Dockerode;
let engine: DockerEngine;
const labels = { [Label.project]: project };

beforeAll(async () => {
  docker = await dockerClient();
  engine = (await openEngine(process.env)) as DockerEngine;
});
afterAll(async () => {
  await cleanupProject(docker, project);
});

const trapSleep = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];

function spec(overrides: Partial<ContainerSpec> & { name: string }): ContainerSpec {
  return {
    image: busyboxImage,
    labels: { ...labels, [Label.service]: 'web', [Label.containerNumber]: '1' },
    env: [],
    command: trapSleep,
    tty: false,
    stdinOpen: false,
    privileged: false,
    readOnly: false,
    ports: [],
    expose: [],
    mounts: [],
    networks: [],
    extra: {},
    ...overrides,
  };
}

const inspect = async (id: string) =>
  (await engine.inspectContainer(id)) as unknown as Dockerode.ContainerInspectInfo;

const collectBytes = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

/** A log as `stream:text` per line, e.g. `stderr:err-line`. */
const collect = async (stream: LogChunkStream): Promise<string> => {
  const text = { stdout: '', stderr: '' };
  for await (const chunk of stream) text[chunk.stream] += chunk.data.toString('utf8');
  const tagged = (name: 'stdout' | 'stderr') =>
    text[name] === '' ? [] : text[name].split('\n').map((line) => `${name}:${line}`);
  return [...tagged('stdout'), ...tagged('stderr')].join('\n');
};

describe('DockerEngine containers', () => {
  it('creates a container from a spec and the engine reports what was asked', async () => {
    const volume = `${project}_data`;
    await engine.createVolume({ name: volume, labels });
    const warnings: string[] = [];
    const name = `${project}-web-1`;
    const { id } = await engine.createContainer(
      spec({
        name,
        env: ['GREETING=hello'],
        ports: [{ target: 80, protocol: 'tcp', hostIp: '127.0.0.1' }],
        mounts: [
          { type: 'volume', source: volume, target: '/data', readOnly: false, noCopy: false },
          { type: 'tmpfs', target: '/scratch', sizeBytes: 1024 * 1024 },
        ],
        healthcheck: { test: ['CMD', 'true'], intervalNs: 2_000_000_000, retries: 3 },
        restart: { name: 'on-failure', maximumRetryCount: 2 },
        stopTimeoutSeconds: 3,
        extra: { cap_add: ['NET_ADMIN'], no_such_field: true },
      }),
      (message) => warnings.push(message),
    );
    expect(warnings).toEqual([
      'no_such_field is not supported by the Docker Engine backend and is ignored',
    ]);
    await engine.startContainer(id);
    await engine.startContainer(id); // already started: converges, no error

    const info = await inspect(id);
    expect(info.Name).toBe(`/${name}`);
    expect(info.Config.Env).toContain('GREETING=hello');
    expect(info.Config.Labels[Label.project]).toBe(project);
    expect(info.Config.Healthcheck).toMatchObject({
      Test: ['CMD', 'true'],
      Interval: 2_000_000_000,
      Retries: 3,
    });
    expect(info.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(info.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
    const published = info.NetworkSettings.Ports['80/tcp'];
    expect(published?.[0]?.HostIp).toBe('127.0.0.1');
    expect(Number(published?.[0]?.HostPort)).toBeGreaterThan(0);
    const mounts = info.Mounts.map((m) => [m.Type, m.Name ?? '', m.Destination]);
    expect(mounts).toContainEqual(['volume', volume, '/data']);
    expect(info.HostConfig.Mounts).toContainEqual(
      expect.objectContaining({ Type: 'tmpfs', Target: '/scratch' }),
    );

    const listed = await engine.listContainers({ project, all: true });
    expect(listed.map((c) => [c.name, c.state])).toEqual([[name, 'running']]);
    expect(listed[0]?.volumes).toEqual([volume]);

    await engine.stopContainer(id, { timeoutSeconds: 5 });
    await engine.stopContainer(id, {}); // already stopped: converges
    const stopped = await engine.listContainers({ project, all: true });
    expect(stopped[0]).toMatchObject({ state: 'exited', exitCode: 0 });
    await engine.removeContainer(id, { force: false, volumes: false });
    await expect(engine.inspectContainer(id)).rejects.toMatchObject({ code: 'not-found' });
    await engine.removeVolume(volume, { force: false });
  });

  it('runs exec with its exit code and output, and reads demuxed logs', async () => {
    const { id } = await engine.createContainer(
      spec({
        name: `${project}-logs-1`,
        command: [
          'sh',
          '-c',
          "echo out-line; echo err-line >&2; trap 'exit 0' TERM; sleep 3600 & wait",
        ],
      }),
      () => undefined,
    );
    await engine.startContainer(id);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const [result, out, err] = await Promise.all([
      engine
        .exec(id, { command: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3'], stdout, stderr })
        .then((r) => {
          stdout.end();
          stderr.end();
          return r;
        }),
      collectBytes(stdout),
      collectBytes(stderr),
    ]);
    expect(result.exitCode).toBe(3);
    expect(out).toBe('to-out\n');
    expect(err).toBe('to-err\n');

    // Give the container's own echo a moment to reach the log.
    for (let i = 0; i < 20; i++) {
      const logs = await collect(
        await engine.containerLogs(id, { follow: false, timestamps: false }),
      );
      if (logs.includes('err-line')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const logs = await collect(
      await engine.containerLogs(id, { follow: false, timestamps: false }),
    );
    // Demuxed: no 8-byte frame headers, just the lines.
    expect(logs.split('\n').sort()).toEqual([
      'stderr:',
      'stderr:err-line',
      'stdout:',
      'stdout:out-line',
    ]);
    await engine.removeContainer(id, { force: true, volumes: true });
  });

  it('follows demuxed logs to the end and waits for the exit code', async () => {
    const { id } = await engine.createContainer(
      spec({
        name: `${project}-once-1`,
        command: ['sh', '-c', 'echo first; echo second >&2; exit 5'],
      }),
      () => undefined,
    );
    const waiting = engine.waitContainer(id, 'next-exit');
    await engine.startContainer(id);
    expect(await waiting).toEqual({ exitCode: 5 });
    const followed = await collect(
      await engine.containerLogs(id, { follow: true, timestamps: false }),
    );
    expect(followed.split('\n').sort()).toEqual([
      'stderr:',
      'stderr:second',
      'stdout:',
      'stdout:first',
    ]);
    expect(await engine.waitContainer(id, 'not-running')).toEqual({ exitCode: 5 });
    await engine.removeContainer(id, { force: true, volumes: true });
  });

  it('sees a container start in the event stream and stops when aborted', async () => {
    const controller = new AbortController();
    const seen: EngineEvent[] = [];
    const following = (async () => {
      for await (const event of engine.events({ project }, controller.signal)) {
        seen.push(event);
        if (event.type === 'container' && event.action === 'start') controller.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const { id } = await engine.createContainer(
      spec({ name: `${project}-events-1` }),
      () => undefined,
    );
    await engine.startContainer(id);
    await following;
    const start = seen.find((e) => e.action === 'start');
    expect(start?.id).toBe(id);
    expect(start?.attributes[Label.project]).toBe(project);
    await engine.removeContainer(id, { force: true, volumes: true });
  });
});

describe('DockerEngine networks and volumes', () => {
  it('creates, connects, disconnects and removes a network', async () => {
    const network = `${project}_front`;
    const { id: networkId } = await engine.createNetwork({
      name: network,
      internal: false,
      attachable: true,
      labels: { ...labels, [Label.network]: 'front' },
    });
    expect(networkId).toMatch(/^[0-9a-f]{64}$/);
    expect((await engine.listNetworks({ project })).map((n) => n.name)).toEqual([network]);
    expect((await engine.listNetworks({ names: [network] })).map((n) => n.id)).toEqual([networkId]);

    const { id } = await engine.createContainer(
      spec({ name: `${project}-net-1` }),
      () => undefined,
    );
    await engine.connectNetwork(network, id, { name: network, aliases: ['api'] });
    const inspected = await inspect(id);
    expect(inspected.NetworkSettings.Networks[network]?.Aliases).toContain('api');
    await engine.disconnectNetwork(network, id, { force: false });
    const after = await inspect(id);
    expect(Object.keys(after.NetworkSettings.Networks)).not.toContain(network);
    await engine.removeContainer(id, { force: true, volumes: true });

    await engine.removeNetwork(network);
    expect(await engine.listNetworks({ project })).toEqual([]);
    await expect(engine.removeNetwork(network)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('attaches a second network after create on engines before API 1.44', async () => {
    const first = `${project}_one`;
    const second = `${project}_two`;
    for (const name of [first, second])
      await engine.createNetwork({ name, internal: false, attachable: false, labels });
    const { id } = await engine.createContainer(
      spec({
        name: `${project}-multi-1`,
        networks: [
          { name: first, aliases: ['a1'] },
          { name: second, aliases: ['a2'] },
        ],
      }),
      () => undefined,
    );
    const info = await inspect(id);
    expect(Object.keys(info.NetworkSettings.Networks).sort()).toEqual([first, second]);
    expect(info.NetworkSettings.Networks[second]?.Aliases).toContain('a2');
    await engine.removeContainer(id, { force: true, volumes: true });
  });

  it('creates, lists and removes a volume', async () => {
    const volume = `${project}_cache`;
    await engine.createVolume({ name: volume, labels: { ...labels, [Label.volume]: 'cache' } });
    expect(await engine.listVolumes({ project })).toEqual([
      { name: volume, driver: 'local', labels: { ...labels, [Label.volume]: 'cache' } },
    ]);
    expect((await engine.listVolumes({ names: [volume] })).map((v) => v.name)).toEqual([volume]);
    await engine.removeVolume(volume, { force: false });
    expect(await engine.listVolumes({ project })).toEqual([]);
  });
});

describe('DockerEngine images and failures', () => {
  it('inspects a present image and reports a missing one as undefined', async () => {
    const image = await engine.inspectImage(busyboxImage);
    expect(image?.id).toMatch(/^sha256:/);
    expect(image?.repoTags).toContain(busyboxImage);
    expect(await engine.inspectImage('127.0.0.1:1/nothing:latest')).toBeUndefined();
  });

  it('fails a pull from an unreachable registry fast with a clear EngineError', async () => {
    const started = Date.now();
    const error = await engine
      .pullImage('127.0.0.1:1/nothing:latest', {}, () => undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(EngineError);
    expect(error).not.toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineError).resource).toBe('image 127.0.0.1:1/nothing:latest');
    expect((error as Error).message).toMatch(
      /^Cannot pull image 127\.0\.0\.1:1\/nothing:latest: .*refused/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('names the endpoint when no daemon answers', async () => {
    const nowhere = await openEngine({ DOCKER_HOST: 'unix:///tmp/nope.sock' });
    const error = await nowhere.version().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).code).toBe('unavailable');
    expect((error as Error).message).toMatch(
      /^Cannot reach a Docker Engine at unix:\/\/\/tmp\/nope\.sock \(DOCKER_HOST\): .*; start Docker/,
    );
    await expect(nowhere.listContainers({ project, all: true })).rejects.toBeInstanceOf(
      EngineUnavailableError,
    );
  });
});
