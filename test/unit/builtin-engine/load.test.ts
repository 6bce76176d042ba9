import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ImageLoadError,
  loadImageArchive,
  loadMessages,
} from '../../../src/builtin-engine/load/index.js';
import { ImageStore, MediaType } from '../../../src/builtin-engine/store/index.js';
import { sandbox, sha256, streamOf, tarOf, type Sandbox, type TarEntry } from './helpers.js';

let box: Sandbox;
let store: ImageStore;
beforeEach(async () => {
  box = await sandbox();
  store = await ImageStore.open(join(box.dir, 'store'));
});
afterEach(() => box.remove());

const hex = (digest: string) => digest.slice('sha256:'.length);

async function layers() {
  const base = await tarOf([{ name: 'bin/sh', content: 'shell', mode: 0o755 }]);
  const top = await tarOf([{ name: 'app/run', content: 'run' }]);
  return { base, top };
}

function configOf(diffIds: string[], label = 'x'): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['sh'], Labels: { label } },
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
}

/** Docker ≤ 24: `<id>.json`, `<id>/layer.tar`, duplicates as symlinks, manifest.json last. */
async function legacyArchive(options: { corruptTop?: boolean } = {}): Promise<Buffer> {
  const { base, top } = await layers();
  const config = configOf([sha256(base), sha256(top), sha256(base)]);
  const configName = `${hex(sha256(config))}.json`;
  const topTar = options.corruptTop === true ? Buffer.concat([top, Buffer.alloc(512)]) : top;
  return tarOf([
    { name: 'l1/', type: 'directory' },
    { name: 'l1/layer.tar', content: base },
    { name: 'l2/layer.tar', content: topTar },
    { name: 'l3/layer.tar', type: 'symlink', linkname: '../l1/layer.tar' },
    { name: configName, content: config },
    {
      name: 'manifest.json',
      content: JSON.stringify([
        {
          Config: configName,
          RepoTags: ['app:1', 'localhost:5000/app:latest'],
          Layers: ['l1/layer.tar', 'l2/layer.tar', 'l3/layer.tar'],
        },
      ]),
    },
    { name: 'repositories', content: '{}' },
  ]);
}

function blob(content: Buffer): TarEntry {
  return { name: `blobs/sha256/${hex(sha256(content))}`, content };
}

/** An OCI layout; with `dockerManifest`, as Docker 25+ writes it (plus manifest.json). */
async function ociArchive(options: {
  dockerManifest: boolean;
  gzipTop?: boolean;
}): Promise<{ archive: Buffer; manifest: Buffer }> {
  const { base, top } = await layers();
  const topBlob = options.gzipTop === true ? gzipSync(top) : top;
  const config = configOf([sha256(base), sha256(top)], 'oci');
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: sha256(config), size: config.length },
      layers: [base, topBlob].map((layer, index) => ({
        mediaType:
          index === 1 && options.gzipTop === true ? MediaType.ociLayerGzip : MediaType.ociLayer,
        digest: sha256(layer),
        size: layer.length,
      })),
    }),
  );
  const list = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        {
          mediaType: MediaType.ociManifest,
          digest: sha256('elsewhere'),
          size: 1,
          platform: { os: 'linux', architecture: 's390x' },
        },
        {
          mediaType: MediaType.ociManifest,
          digest: sha256(manifest),
          size: manifest.length,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: MediaType.ociManifest,
          digest: sha256(manifest),
          size: manifest.length,
          platform: { os: 'linux', architecture: 'arm64' },
        },
      ],
    }),
  );
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: MediaType.ociIndex,
        digest: sha256(list),
        size: list.length,
        annotations: { 'io.containerd.image.name': 'docker.io/library/oci:2' },
      },
    ],
  };
  const entries: TarEntry[] = [
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    blob(base),
    blob(topBlob),
    blob(config),
    blob(manifest),
    blob(list),
    { name: 'index.json', content: JSON.stringify(index) },
  ];
  if (options.dockerManifest) {
    const layerPaths = [base, topBlob].map((layer) => `blobs/sha256/${hex(sha256(layer))}`);
    entries.push({
      name: 'manifest.json',
      content: JSON.stringify([
        { Config: `blobs/sha256/${hex(sha256(config))}`, RepoTags: ['oci:1'], Layers: layerPaths },
      ]),
    });
  }
  return { archive: await tarOf(entries), manifest };
}

describe('docker load archives', () => {
  it('loads a legacy docker save archive, following symlinked layers', async () => {
    const loaded = await loadImageArchive(store, streamOf(await legacyArchive()));
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.references).toEqual(['app:1', 'localhost:5000/app:latest']);
    expect(loadMessages(loaded)).toEqual([
      'Loaded image: app:1\n',
      'Loaded image: localhost:5000/app:latest\n',
    ]);
    const image = await store.inspect('app:1');
    expect(image.id).toBe(loaded[0]?.id);
    expect(image.manifest.layers.map((layer) => layer.digest)).toEqual(
      image.config.rootfs.diff_ids,
    );
    expect(image.manifest.layers.every((layer) => layer.mediaType === MediaType.ociLayer)).toBe(
      true,
    );
    // config, two distinct layers, the synthesized manifest; nothing left in ingest/
    expect(await store.blobs.list()).toHaveLength(4);
    expect(await readdir(join(box.dir, 'store', 'ingest'))).toEqual([]);
  });

  it('loads the OCI-layout variant Docker 25+ writes, through its manifest.json', async () => {
    const { archive } = await ociArchive({ dockerManifest: true });
    const loaded = await loadImageArchive(store, streamOf(archive));
    expect(loaded.map((image) => image.references)).toEqual([['oci:1']]);
    expect((await store.inspect('oci:1')).config.config?.Labels).toEqual({ label: 'oci' });
  });

  it('loads a plain OCI layout: picks this platform from an index and keeps the manifest digest', async () => {
    const { archive, manifest } = await ociArchive({ dockerManifest: false, gzipTop: true });
    const loaded = await loadImageArchive(store, streamOf(archive));
    expect(loaded.map((image) => image.references)).toEqual([['oci:2']]);
    const image = await store.inspect('oci:2');
    expect(image.manifestDigests).toEqual([sha256(manifest)]);
    expect(image.manifest.layers[1]?.mediaType).toBe(MediaType.ociLayerGzip);
  });

  it('an untagged image is reported by id', async () => {
    const { base } = await layers();
    const config = configOf([sha256(base)]);
    const archive = await tarOf([
      { name: 'c.json', content: config },
      { name: 'l/layer.tar', content: base },
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: 'c.json', RepoTags: null, Layers: ['l/layer.tar'] }]),
      },
    ]);
    const loaded = await loadImageArchive(store, streamOf(archive));
    expect(loadMessages(loaded)).toEqual([`Loaded image ID: ${sha256(config)}\n`]);
    expect((await store.list()).map((image) => image.references)).toEqual([[]]);
  });

  it('a layer that does not match the config diff id is refused and nothing is stored', async () => {
    const error = await loadImageArchive(
      store,
      streamOf(await legacyArchive({ corruptTop: true })),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageLoadError);
    expect(error).toMatchObject({
      code: 'digest-mismatch',
      message: expect.stringMatching(/layer l2\/layer\.tar of app:1 hashes to/),
    });
    expect(await store.list()).toEqual([]);
    expect(await store.blobs.list()).toEqual([]);
    expect(await readdir(join(box.dir, 'store', 'ingest'))).toEqual([]);
  });

  it('refuses archives that are not image archives, or lie about their blobs', async () => {
    const notImage = await tarOf([{ name: 'hello.txt', content: 'hi' }]);
    await expect(loadImageArchive(store, streamOf(notImage))).rejects.toMatchObject({
      code: 'invalid-archive',
      message: expect.stringContaining('neither manifest.json'),
    });
    await expect(loadImageArchive(store, streamOf(Buffer.alloc(2048, 1)))).rejects.toMatchObject({
      code: 'invalid-archive',
    });
    const missing = await tarOf([
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', Layers: [] }]) },
    ]);
    await expect(loadImageArchive(store, streamOf(missing))).rejects.toThrow(
      'image config "c.json" is not in the archive',
    );
    const lying = await tarOf([
      { name: `blobs/sha256/${hex(sha256('claimed'))}`, content: 'actual' },
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: `blobs/sha256/${hex(sha256('claimed'))}`, Layers: [] }]),
      },
    ]);
    await expect(loadImageArchive(store, streamOf(lying))).rejects.toMatchObject({
      code: 'digest-mismatch',
    });
    expect(await store.blobs.list()).toEqual([]);
  });
});
