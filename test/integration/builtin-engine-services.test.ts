/**
 * The built-in engine's resource services on real data (root, real store):
 * busybox from the running Docker Engine (`docker save`) loaded through the
 * image service and compared field by field with what dockerd answers for
 * it; rmi rules; its layers unpacked for a snapshot; local volumes on disk;
 * and pulls from a real registry behind htpasswd, with credentials from the
 * X-Registry-Auth header and from Docker's config, progress as the Engine's.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { access, constants, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreImageService } from '../../src/builtin-engine/daemon/images/index.js';
import { LocalVolumeService, filtersOf } from '../../src/builtin-engine/daemon/volumes/index.js';
import type { ProgressMessage } from '../../src/builtin-engine/ports.js';
import { ImageStore } from '../../src/builtin-engine/store/index.js';
import { openEngine } from '../../src/engine/index.js';
import { resolveRegistryCredentials } from '../../src/images/credentials.js';
import { busyboxImage, dockerClient } from '../support/engine.js';
import { removeImages } from '../support/images.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const never = new AbortController().signal;
const username = 'tscompose';
const password = `pw-${randomBytes(8).toString('hex')}`;

let dir: string;
let archive: string;
let registry: TestRegistry;
let pushed: string;

async function collect(stream: AsyncIterable<ProgressMessage>): Promise<ProgressMessage[]> {
  const messages: ProgressMessage[] = [];
  for await (const message of stream) messages.push(message);
  return messages;
}

async function dockerConfig(name: string, secret: string): Promise<string> {
  const configDir = join(dir, name);
  await mkdir(configDir, { recursive: true });
  const auth = Buffer.from(`${username}:${secret}`).toString('base64');
  await writeFile(
    join(configDir, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth } } }),
  );
  return configDir;
}

async function imageService(name: string, env: NodeJS.ProcessEnv = process.env) {
  const store = await ImageStore.open(join(dir, name, 'store'));
  const service = new StoreImageService({
    store,
    snapshotRoot: join(dir, name, 'snapshots'),
    stateDir: join(dir, name, 'state', 'images'),
    env,
  });
  return { store, service };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-builtin-services-'));
  archive = join(dir, 'busybox.tar');
  execFileSync('docker', ['save', busyboxImage, '-o', archive], { stdio: 'pipe' });
  registry = await startTestRegistry({ auth: { username, password } });
  pushed = `${registry.host}/tscompose-services/bb:latest`;
  const docker = await dockerClient();
  await docker
    .getImage(busyboxImage)
    .tag({ repo: `${registry.host}/tscompose-services/bb`, tag: 'latest' });
  const configDir = await dockerConfig('push', password);
  const resolved = await resolveRegistryCredentials(
    { image: pushed },
    { env: { ...process.env, DOCKER_CONFIG: configDir } },
  );
  if (resolved.auth === undefined) throw new Error('no push credentials');
  const engine = await openEngine(process.env);
  await engine.pushImage(pushed, { auth: resolved.auth.toEngineAuth() }, () => undefined);
}, 180_000);

afterAll(async () => {
  if (pushed) await removeImages([pushed]);
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('image service on busybox from the Docker Engine', () => {
  it('load → list and inspect agree with dockerd field by field', async () => {
    const { service } = await imageService('load');
    const messages = await collect(
      service.loadImages(createReadStream(archive), { quiet: false }, never),
    );
    expect(messages).toEqual([{ stream: `Loaded image: ${busyboxImage}\n` }]);

    const docker = await dockerClient();
    const expected = await docker.getImage(busyboxImage).inspect();
    const ours = await service.inspectImage(busyboxImage);
    expect(ours.Id).toBe(expected.Id);
    expect(expected.RepoTags).toEqual(expect.arrayContaining(ours.RepoTags));
    expect(ours.RepoTags).toEqual([busyboxImage]);
    // This file pushed busybox to its own registry, which gives dockerd's image a digest there.
    expect(ours.RepoDigests).toEqual(
      expected.RepoDigests.filter((digest) => !digest.startsWith(registry.host)),
    );
    expect(ours.RootFS).toEqual(expected.RootFS);
    expect(ours.Config).toEqual(expected.Config);
    expect(ours.ContainerConfig).toEqual(expected.ContainerConfig);
    for (const field of [
      'Parent',
      'Comment',
      'Created',
      'Container',
      'DockerVersion',
      'Author',
      'Architecture',
      'Os',
    ] as const) {
      expect(ours[field], field).toEqual(expected[field]);
    }
    expect(Object.keys(ours).sort()).toEqual(Object.keys(expected).sort());
    expect(ours.GraphDriver.Name).toBe(expected.GraphDriver.Name);

    const [listed] = await service.listImages({
      all: false,
      filters: filtersOf({ reference: [busyboxImage] }),
    });
    const [theirs] = await docker.listImages({ filters: { reference: [busyboxImage] } });
    expect(listed).toBeDefined();
    const comparable = (info: Record<string, unknown>) => {
      const { Size: _s, VirtualSize: _v, ...rest } = info;
      return rest;
    };
    expect(comparable(listed as never)).toEqual(comparable(theirs as never));
  });

  it('resolve unpacks busybox’s layer for a snapshot; rmi rules hold against the in-use check', async () => {
    const { store, service } = await imageService('rmi');
    await collect(service.loadImages(createReadStream(archive), { quiet: false }, never));
    const resolved = await service.resolve('busybox');
    expect(resolved.config.Cmd).toEqual(['sh']);
    const dirs = await resolved.lowerDirs();
    expect(dirs).toHaveLength(1);
    await access(join(dirs[0] as string, 'bin', 'busybox'), constants.X_OK);

    await service.tagImage(busyboxImage, 'mine', 'x');
    let user: { containerId: string; running: boolean } | undefined = {
      containerId: 'f'.repeat(64),
      running: false,
    };
    service.setInUseCheck(() => user);
    expect(await service.removeImage('mine:x', { force: false, noprune: false })).toEqual([
      { Untagged: 'mine:x' },
    ]);
    await expect(
      service.removeImage(busyboxImage, { force: false, noprune: false }),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(
        /^conflict: unable to remove repository reference "busybox:latest" \(must force\) - container ffffffffffff is using its referenced image [a-f0-9]{12}$/,
      ),
    });
    user = undefined;
    expect(await service.removeImage(busyboxImage, { force: false, noprune: false })).toEqual([
      { Untagged: busyboxImage },
      { Deleted: resolved.id },
    ]);
    expect(await store.blobs.list()).toEqual([]);
    await expect(service.resolve(busyboxImage)).rejects.toMatchObject({
      status: 404,
      message: 'No such image: busybox:latest',
    });
  });
});

describe('image service: pull from a registry with htpasswd auth', () => {
  it('pulls with X-Registry-Auth credentials; the stream ends like the Engine’s; a second pull is up to date', async () => {
    const { service } = await imageService('pull-header', {
      ...process.env,
      DOCKER_CONFIG: join(dir, 'none'),
    });
    const request = {
      fromImage: `${registry.host}/tscompose-services/bb`,
      tag: 'latest',
      auth: { username, password, serveraddress: registry.host },
    };
    const first = await collect(service.pullImage(request, never));
    expect(first.filter((m) => m.error !== undefined)).toEqual([]);
    expect(first[0]).toEqual({ status: 'Pulling from tscompose-services/bb', id: 'latest' });
    expect(first.at(-2)?.status).toMatch(/^Digest: sha256:[a-f0-9]{64}$/);
    expect(first.at(-1)).toEqual({ status: `Status: Downloaded newer image for ${pushed}` });
    const docker = await dockerClient();
    const expected = await docker.getImage(busyboxImage).inspect();
    const ours = await service.inspectImage(pushed);
    expect(ours.Id).toBe(expected.Id);
    expect(ours.RepoDigests).toEqual([
      `${registry.host}/tscompose-services/bb@${first.at(-2)?.status?.slice(8)}`,
    ]);
    const second = await collect(service.pullImage(request, never));
    expect(second.at(-1)).toEqual({ status: `Status: Image is up to date for ${pushed}` });
  });

  it('without the header it uses Docker’s config; wrong or no credentials fail in-band', async () => {
    const good = await imageService('pull-config', {
      ...process.env,
      DOCKER_CONFIG: await dockerConfig('good', password),
    });
    const pulled = await collect(good.service.pullImage({ fromImage: pushed }, never));
    expect(pulled.at(-1)).toEqual({ status: `Status: Downloaded newer image for ${pushed}` });

    const wrong = await imageService('pull-wrong', {
      ...process.env,
      DOCKER_CONFIG: await dockerConfig('wrong', 'nope'),
    });
    const refused = await collect(wrong.service.pullImage({ fromImage: pushed }, never));
    const last = refused.at(-1);
    expect(last?.error).toMatch(/^unauthorized: /);
    expect(last?.error).toContain(registry.host);
    expect(JSON.stringify(refused)).not.toContain(password);
    expect(await wrong.store.list()).toEqual([]);

    const anonymous = await imageService('pull-anon', {
      ...process.env,
      DOCKER_CONFIG: join(dir, 'none'),
    });
    const denied = await collect(anonymous.service.pullImage({ fromImage: pushed }, never));
    expect(denied.at(-1)?.error).toMatch(/^unauthorized: .*anonymous/);
  });
});

describe('volume service on disk', () => {
  it('creates directories, keeps data across a restart, prunes what is unused', async () => {
    const options = {
      volumesDir: join(dir, 'vol', 'volumes'),
      stateDir: join(dir, 'vol', 'state'),
    };
    const service = new LocalVolumeService(options);
    const named = await service.ensure('app_data');
    await writeFile(join(named.hostPath, 'file'), 'kept');
    const anonymous = await service.ensure(undefined);
    expect((await stat(anonymous.hostPath)).isDirectory()).toBe(true);

    const restarted = new LocalVolumeService(options);
    restarted.setInUseCheck((name) => (name === 'app_data' ? ['c1'] : []));
    expect(await restarted.ensure('app_data')).toEqual({ ...named, created: false });
    expect(await readdir(named.hostPath)).toEqual(['file']);
    expect(await restarted.pruneVolumes(filtersOf())).toEqual({
      VolumesDeleted: [anonymous.name],
      SpaceReclaimed: 0,
    });
    expect(await readdir(options.volumesDir)).toEqual(['app_data']);
  });
});
