/**
 * The built-in engine's image path on real data: `docker save busybox:latest`
 * from the running Docker Engine → loadImageArchive into a fresh store → every
 * layer unpacked from the store with its diff id checked → busybox's files are
 * there. Also the other direction of refcounting: `docker rmi`-style removal
 * empties the store.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { access, constants, lstat, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackLayer } from '../../src/builtin-engine/layers/index.js';
import { loadImageArchive } from '../../src/builtin-engine/load/index.js';
import { ImageStore } from '../../src/builtin-engine/store/index.js';
import { busyboxImage } from '../support/engine.js';

let dir: string;
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-builtin-load-'));
  archive = join(dir, 'busybox.tar');
  execFileSync('docker', ['save', busyboxImage, '-o', archive], { stdio: 'pipe' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('built-in engine: docker save → load → unpack', () => {
  it('loads busybox:latest with the Docker Engine image id and unpacks a runnable root', async () => {
    const store = await ImageStore.open(join(dir, 'store'));
    const loaded = await loadImageArchive(store, createReadStream(archive));
    const dockerId = execFileSync(
      'docker',
      ['image', 'inspect', busyboxImage, '--format', '{{.Id}}'],
      {
        encoding: 'utf8',
      },
    ).trim();
    expect(loaded).toEqual([{ id: dockerId, references: [busyboxImage] }]);

    const image = await store.inspect(busyboxImage);
    expect(image.config.rootfs.diff_ids.length).toBeGreaterThan(0);
    const layerDirs: string[] = [];
    for (const [index, layer] of image.manifest.layers.entries()) {
      const target = join(dir, 'layers', layer.digest.slice('sha256:'.length));
      const result = await unpackLayer(store.blobs.openRead(layer.digest), {
        target,
        layer: layer.digest,
        expectedDiffId: image.config.rootfs.diff_ids[index],
      });
      expect(result.entries).toBeGreaterThan(0);
      layerDirs.push(target);
    }
    // busybox is one layer; look for the files in the top-most layer that has them.
    const find = async (path: string) => {
      for (const layerDir of [...layerDirs].reverse()) {
        const found = await lstat(join(layerDir, path)).catch(() => undefined);
        if (found !== undefined) return join(layerDir, path);
      }
      throw new Error(`${path} is in no layer`);
    };
    const busybox = await find('bin/busybox');
    expect((await lstat(busybox)).isFile()).toBe(true);
    await access(busybox, constants.X_OK);
    const sh = await find('bin/sh');
    const shStat = await lstat(sh);
    // Debian's static busybox ships sh as a hard link or a symlink to busybox, depending on the build.
    if (shStat.isSymbolicLink()) expect(await readlink(sh)).toMatch(/busybox$/);
    else expect(shStat.ino).toBe((await lstat(busybox)).ino);

    expect(await store.remove(busyboxImage)).toEqual([
      { untagged: busyboxImage },
      { deleted: dockerId },
    ]);
    expect(await store.blobs.list()).toEqual([]);
  });
});
