import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/builtin-engine/digest.js';
import {
  ImageStore,
  MediaType,
  type ImageManifest,
} from '../../../src/builtin-engine/store/index.js';
import { sandbox, sha256, type Sandbox } from './helpers.js';

let box: Sandbox;
let store: ImageStore;

beforeEach(async () => {
  box = await sandbox();
  store = await ImageStore.open(join(box.dir, 'store'));
});
afterEach(() => box.remove());

/** Stores an image whose layers have the given contents; returns its id and layer digests. */
async function putImage(name: string, layers: string[], references: string[]) {
  const layerInfos = [];
  for (const content of layers) layerInfos.push(await store.blobs.write(content));
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: '2026-01-02T03:04:05Z',
    config: { Labels: { image: name } },
    rootfs: { type: 'layers', diff_ids: layerInfos.map((layer) => layer.digest) },
  });
  const configInfo = await store.blobs.write(config);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, ...configInfo },
    layers: layerInfos.map((info) => ({ mediaType: MediaType.ociLayer, ...info })),
  };
  const image = await store.putImage({ manifest, references });
  return { id: image.id, layers: layerInfos.map((info) => info.digest) };
}

const stored = () => store.blobs.list();

describe('image store: images', () => {
  it('lists images with references, config and size; inspects by name, id and id prefix', async () => {
    const app = await putImage('app', ['base', 'app'], ['app:1', 'docker.io/library/app:latest']);
    const images = await store.list();
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({
      id: app.id,
      references: ['docker.io/library/app:1', 'docker.io/library/app:latest'],
      size: 'base'.length + 'app'.length,
    });
    expect(images[0]?.config.config?.Labels).toEqual({ image: 'app' });
    expect((await store.inspect('app')).id).toBe(app.id);
    expect((await store.inspect(app.id)).id).toBe(app.id);
    expect((await store.inspect(app.id.slice(7, 19))).id).toBe(app.id);
    await expect(store.inspect('nope')).rejects.toMatchObject({
      code: 'not-found',
      message: 'No such image: nope',
    });
    const index = JSON.parse(await readFile(join(box.dir, 'store', 'index.json'), 'utf8'));
    expect(index.manifests[0].annotations).toEqual({
      'io.containerd.image.name': 'docker.io/library/app:1',
      'org.opencontainers.image.ref.name': '1',
    });
  });

  it('refuses a manifest whose blobs are missing, and an invalid reference', async () => {
    const missing = sha256('never written') as Digest;
    const manifest: ImageManifest = {
      schemaVersion: 2,
      config: { mediaType: MediaType.ociConfig, digest: missing, size: 3 },
      layers: [],
    };
    await expect(store.putImage({ manifest, references: ['x'] })).rejects.toThrow(
      /not in the store/,
    );
    const { id } = await putImage('ok', ['l'], []);
    const image = await store.inspect(id);
    await expect(
      store.putImage({ manifest: image.manifest, references: ['Upper'] }),
    ).rejects.toMatchObject({
      code: 'invalid',
    });
  });

  it('a moved tag leaves the old image as <none>; it is removable by id', async () => {
    const old = await putImage('old', ['o'], ['app:latest']);
    const fresh = await putImage('new', ['n'], ['app:latest']);
    const images = await store.list();
    const byId = new Map(images.map((image) => [image.id, image.references]));
    expect(byId).toEqual(
      new Map([
        [old.id, []],
        [fresh.id, ['docker.io/library/app:latest']],
      ]),
    );
    expect(await store.remove(old.id)).toEqual([{ deleted: old.id }]);
    expect(await stored()).not.toContain(old.layers[0]);
  });

  it('removing one reference untags; removing the last deletes; shared layers survive', async () => {
    const a = await putImage('a', ['shared', 'only-a'], ['a:1', 'a:2']);
    const b = await putImage('b', ['shared', 'only-b'], ['b:1']);
    expect(await store.remove('a:1')).toEqual([{ untagged: 'a:1' }]);
    expect(await stored()).toContain(a.layers[1]);
    expect(await store.remove('a:2')).toEqual([{ untagged: 'a:2' }, { deleted: a.id }]);
    const left = await stored();
    expect(left).toContain(a.layers[0]); // `shared` is still b's
    expect(left).not.toContain(a.layers[1]);
    expect(left).not.toContain(a.id);
    expect(left).toContain(b.id);
    await store.remove('b:1');
    expect(await stored()).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('by id: several references need force; an image in use is a conflict', async () => {
    const app = await putImage('app', ['x'], ['app:1', 'app:2']);
    await expect(store.remove(app.id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/must be forced.*multiple repositories/),
    });
    const inUse = (id: Digest) => id === app.id;
    await expect(store.remove('app:2', { inUse })).resolves.toEqual([{ untagged: 'app:2' }]);
    await expect(store.remove('app:1', { inUse })).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.remove('app:1', { inUse, force: true })).toEqual([{ untagged: 'app:1' }]);
    expect((await store.list()).map((image) => image.references)).toEqual([[]]);
    expect(await store.remove(app.id.slice(7, 15), { force: true })).toEqual([{ deleted: app.id }]);
    await expect(store.remove('app:1')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('tag adds a reference to a stored image', async () => {
    const app = await putImage('app', ['x'], ['app:1']);
    await store.tag('app:1', 'localhost:5000/app:copy');
    expect((await store.inspect('localhost:5000/app:copy')).id).toBe(app.id);
  });

  it('a lease keeps blobs of an image being written from being deleted', async () => {
    const app = await putImage('app', ['layer-in-flight'], ['app:1']);
    const lease = store.lease();
    lease.hold(app.layers[0] as Digest);
    await store.remove('app:1');
    expect(await stored()).toContain(app.layers[0]);
    lease.release();
  });
});
