import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreImageService } from '../../../src/builtin-engine/daemon/images/index.js';
import { filtersOf } from '../../../src/builtin-engine/daemon/filters.js';
import { EngineApiError, type ProgressMessage } from '../../../src/builtin-engine/ports.js';
import { ImageStore } from '../../../src/builtin-engine/store/index.js';
import { sandbox, sha256, streamOf, tarOf, type Sandbox } from './helpers.js';

let box: Sandbox;
let store: ImageStore;
let service: StoreImageService;
let users: Map<string, { containerId: string; running: boolean }>;
const never = new AbortController().signal;

async function collect(stream: AsyncIterable<ProgressMessage>): Promise<ProgressMessage[]> {
  const messages: ProgressMessage[] = [];
  for await (const message of stream) messages.push(message);
  return messages;
}

async function rootfs(file = 'hello'): Promise<Buffer> {
  return tarOf([
    { name: 'bin/', type: 'directory', mode: 0o755 },
    { name: 'bin/sh', content: 'shell', mode: 0o755 },
    { name: 'etc/hello', content: file },
  ]);
}

async function importAs(repo: string | undefined, changes: string[] = [], file = 'hello') {
  const messages = await collect(
    service.importImage(
      streamOf(await rootfs(file)),
      { ...(repo ? { repo } : {}), changes },
      never,
    ),
  );
  const id = messages.at(-1)?.status;
  if (id === undefined || !id.startsWith('sha256:')) throw new Error(JSON.stringify(messages));
  return id;
}

async function failure(promise: Promise<unknown>): Promise<EngineApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineApiError);
  return error as EngineApiError;
}

let clock = Date.parse('2026-11-22T10:00:00.000Z');

beforeEach(async () => {
  box = await sandbox();
  store = await ImageStore.open(join(box.dir, 'store'));
  users = new Map();
  service = new StoreImageService({
    store,
    snapshotRoot: join(box.dir, 'snap'),
    stateDir: join(box.dir, 'state', 'images'),
    now: () => new Date((clock += 1000)),
    env: { DOCKER_CONFIG: join(box.dir, 'no-docker-config'), HOME: box.dir },
  });
  service.setInUseCheck((id) => users.get(id));
});
afterEach(() => box.remove());

describe('image service: import, list, inspect', () => {
  it('imports a root file system with changes; inspect shows the Engine shape', async () => {
    const tar = await rootfs();
    const messages = await collect(
      service.importImage(
        streamOf(gzipSync(tar)),
        { repo: 'app', tag: '1', changes: ['CMD ["sh"]', 'ENV A=b'], message: '' },
        never,
      ),
    );
    expect(messages).toHaveLength(1);
    const id = messages[0]?.status as string;
    expect(id).toMatch(/^sha256:[a-f0-9]{64}$/);
    const shape = await service.inspectImage('app:1');
    expect(shape).toMatchObject({
      Id: id,
      RepoTags: ['app:1'],
      RepoDigests: [],
      Parent: '',
      Comment: 'Imported from -',
      Container: '',
      DockerVersion: '',
      Author: '',
      Os: 'linux',
      Size: tar.length,
      VirtualSize: tar.length,
      RootFS: { Type: 'layers', Layers: [sha256(tar)] },
      GraphDriver: {
        Name: 'overlay2',
        Data: { UpperDir: join(box.dir, 'snap', 'layers', sha256(tar).slice(7)) },
      },
      Metadata: { LastTagTime: expect.stringMatching(/^2026-11-22T10:00:0\d\.000Z$/) },
    });
    expect(shape.Config.Cmd).toEqual(['sh']);
    expect(shape.Config.Env).toEqual(['A=b']);
    expect(shape.Config.Entrypoint).toBeNull();
    expect(shape.ContainerConfig.Cmd).toBeNull();
    expect(Date.parse(shape.Created)).toBeGreaterThan(0);
  });

  it('an import without repo is a <none> image; the list shows it as Docker does', async () => {
    const id = await importAs(undefined, [], 'x');
    expect((await service.inspectImage(id)).Metadata).toEqual({
      LastTagTime: '0001-01-01T00:00:00Z',
    });
    expect(await service.listImages({ all: false, filters: filtersOf() })).toEqual([
      {
        Containers: -1,
        Created: expect.any(Number),
        Id: id,
        Labels: null,
        ParentId: '',
        RepoDigests: ['<none>@<none>'],
        RepoTags: ['<none>:<none>'],
        SharedSize: -1,
        Size: expect.any(Number),
        VirtualSize: expect.any(Number),
      },
    ]);
  });

  it('lists with reference (narrowing RepoTags), dangling, label, before/since filters', async () => {
    const a = await importAs('app:1', ['LABEL tier=front'], 'a');
    await service.tagImage('app:1', 'app', '2');
    await service.tagImage('app:1', 'other', undefined);
    const b = await importAs(undefined, ['LABEL tier=back'], 'b');
    const list = async (filters: Record<string, string[]>) =>
      (await service.listImages({ all: false, filters: filtersOf(filters) })).map((i) => [
        i.Id,
        i.RepoTags,
      ]);
    expect(await list({ reference: ['app'] })).toEqual([[a, ['app:1', 'app:2']]]);
    expect(await list({ reference: ['app:2'] })).toEqual([[a, ['app:2']]]);
    expect(await list({ reference: ['oth*'] })).toEqual([[a, ['other:latest']]]);
    expect(await list({ reference: ['nothing'] })).toEqual([]);
    expect(await list({ dangling: ['true'] })).toEqual([[b, ['<none>:<none>']]]);
    expect(await list({ dangling: ['false'] })).toEqual([[a, ['app:1', 'app:2', 'other:latest']]]);
    expect(await list({ label: ['tier=back'] })).toEqual([[b, ['<none>:<none>']]]);
    expect(await list({ label: ['tier'] })).toHaveLength(2);
    expect((await failure(list({ bogus: ['1'] }))).message).toBe("Invalid filter 'bogus'");
    expect((await failure(list({ before: ['nope'] }))).status).toBe(404);
    // Created has second resolution; both imports may share one second.
    expect((await list({ since: [a] })).length).toBeLessThanOrEqual(1);
  });

  it('resolve: config and layer dirs for a snapshot; 404 in Docker’s words', async () => {
    const id = await importAs('app', ['CMD ["sh"]']);
    const resolved = await service.resolve('app');
    expect(resolved.id).toBe(id);
    expect(resolved.reference).toBe('app');
    expect(resolved.config).toEqual({ Cmd: ['sh'] });
    const [dir] = await resolved.lowerDirs();
    expect(await readFile(join(dir as string, 'etc', 'hello'), 'utf8')).toBe('hello');
    const error = await failure(service.resolve('busybox:latest'));
    expect([error.status, error.message]).toEqual([404, 'No such image: busybox:latest']);
    expect((await failure(service.inspectImage('nope'))).message).toBe('No such image: nope');
  });

  it('import errors arrive in-band and store nothing', async () => {
    const messages = await collect(
      service.importImage(streamOf(await rootfs()), { repo: 'app', changes: ['RUN x'] }, never),
    );
    expect(messages).toEqual([
      {
        error: 'run is not a valid change command',
        errorDetail: { message: 'run is not a valid change command' },
      },
    ]);
    const bad = await collect(
      service.importImage(streamOf(await rootfs()), { repo: 'UPPER', changes: [] }, never),
    );
    expect(bad[0]?.error).toMatch(/UPPER/);
    expect(await store.list()).toEqual([]);
  });
});

describe('image service: tag and remove', () => {
  it('tags (LastTagTime moves), refuses 64-hex repository names', async () => {
    const id = await importAs('app:1');
    const first = (await service.inspectImage(id)).Metadata;
    await service.tagImage(id.slice(7, 19), '127.0.0.1:5000/team/app', 'v2');
    const shape = await service.inspectImage('127.0.0.1:5000/team/app:v2');
    expect(shape.RepoTags).toEqual(['127.0.0.1:5000/team/app:v2', 'app:1']);
    expect(shape.Metadata).not.toEqual(first);
    expect((await failure(service.tagImage(id, 'a'.repeat(64), undefined))).message).toMatch(
      /64-byte hexadecimal/,
    );
    expect((await failure(service.tagImage('nope', 'x', undefined))).status).toBe(404);
  });

  it('removes by reference and by id with Docker’s Untagged/Deleted items', async () => {
    const id = await importAs('app:1');
    await service.tagImage(id, 'app', '2');
    expect(await service.removeImage('app:2', { force: false, noprune: false })).toEqual([
      { Untagged: 'app:2' },
    ]);
    expect(await service.removeImage('app:1', { force: false, noprune: false })).toEqual([
      { Untagged: 'app:1' },
      { Deleted: id },
    ]);
    expect(await store.list()).toEqual([]);
    expect(await readdir(join(box.dir, 'store', 'blobs', 'sha256'))).toEqual([]);
  });

  it('in-use images: 409 without force; forced with a running container leaves <none>', async () => {
    const id = await importAs('app:1');
    users.set(id, { containerId: 'c0ffee'.padEnd(64, '0'), running: true });
    const error = await failure(service.removeImage('app:1', { force: false, noprune: false }));
    expect([error.status, error.message]).toEqual([
      409,
      `conflict: unable to remove repository reference "app:1" (must force) - container c0ffee000000 is using its referenced image ${id.slice(7, 19)}`,
    ]);
    expect(
      (await failure(service.removeImage(id, { force: true, noprune: false }))).message,
    ).toMatch(/cannot be forced/);
    expect(await service.removeImage('app:1', { force: true, noprune: false })).toEqual([
      { Untagged: 'app:1' },
    ]);
    const left = await service.listImages({ all: false, filters: filtersOf() });
    expect(left.map((image) => [image.Id, image.RepoTags])).toEqual([[id, ['<none>:<none>']]]);
    users.set(id, { containerId: 'c0ffee'.padEnd(64, '0'), running: false });
    expect(
      (await failure(service.removeImage(id, { force: false, noprune: false }))).message,
    ).toMatch(/stopped container c0ffee000000/);
    expect(await service.removeImage(id, { force: true, noprune: false })).toEqual([
      { Deleted: id },
    ]);
  });

  it('by id with several tags: 409 unless forced', async () => {
    const id = await importAs('app:1');
    await service.tagImage(id, 'other', '1');
    expect(
      (await failure(service.removeImage(id.slice(7), { force: false, noprune: false }))).message,
    ).toMatch(/referenced in multiple repositories/);
    const items = await service.removeImage(id.slice(7, 15), { force: true, noprune: false });
    expect(items).toEqual(
      expect.arrayContaining([{ Untagged: 'app:1' }, { Untagged: 'other:1' }, { Deleted: id }]),
    );
    expect(
      (await failure(service.removeImage('app:1', { force: false, noprune: false }))).status,
    ).toBe(404);
  });
});

describe('image service: load and pull streams', () => {
  it('loads a docker save archive: `Loaded image:` lines, LastTagTime set', async () => {
    const layer = await rootfs();
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['sh'] },
        rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
      }),
    );
    const archive = await tarOf([
      { name: 'l1/layer.tar', content: layer },
      { name: 'cfg.json', content: config },
      {
        name: 'manifest.json',
        content: JSON.stringify([
          { Config: 'cfg.json', RepoTags: ['app:1', 'app:2'], Layers: ['l1/layer.tar'] },
        ]),
      },
    ]);
    const messages = await collect(service.loadImages(streamOf(archive), { quiet: false }, never));
    expect(messages).toEqual([
      { stream: 'Loaded image: app:1\n' },
      { stream: 'Loaded image: app:2\n' },
    ]);
    const shape = await service.inspectImage('app:2');
    expect(shape.Id).toBe(sha256(config));
    expect(shape.Metadata.LastTagTime).not.toBe('0001-01-01T00:00:00Z');
    const broken = await collect(
      service.loadImages(streamOf(Buffer.from('not a tar')), { quiet: false }, never),
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]?.error).toMatch(/invalid image archive/);
  });

  it('a pull that fails reports the error in-band, with the registry’s name', async () => {
    const messages = await collect(
      service.pullImage({ fromImage: '127.0.0.1:9/nothing/here', tag: 'latest' }, never),
    );
    const last = messages.at(-1);
    expect(last?.error).toMatch(/127\.0\.0\.1:9/);
    expect(last?.errorDetail?.message).toBe(last?.error);
    expect(messages[0]).toEqual({ status: 'Pulling from nothing/here', id: 'latest' });
  });
});
