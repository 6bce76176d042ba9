import { execFileSync } from 'node:child_process';
import { lstat, readFile, readlink, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LayerUnpackError, unpackLayer } from '../../../src/builtin-engine/layers/index.js';
import {
  NOT_ROOT_REASON,
  isRoot,
  sandbox,
  sha256,
  streamOf,
  tarOf,
  type Sandbox,
} from './helpers.js';

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(() => box.remove());

const mtime = new Date('2020-02-03T04:05:06Z');
const LAYER = 'sha256:feedface';

/** Reads an xattr with Python (on every machine of this project, unlike getfattr). */
function xattr(path: string, name: string): string | undefined {
  const script =
    'import os,sys\ntry: sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2]).decode())\nexcept OSError: sys.exit(3)';
  try {
    return execFileSync('python3', ['-c', script, path, name], { encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return undefined;
  }
}

describe('layer unpack', () => {
  it('preserves files, directories, modes, owners, times, symlinks and hard links', async () => {
    const tar = await tarOf([
      { name: 'etc/', type: 'directory', mode: 0o750, uid: 7, gid: 8, mtime },
      { name: 'etc/app.conf', content: 'key=value\n', mode: 0o640, uid: 1000, gid: 1001, mtime },
      { name: 'usr/bin/tool', content: '#!/bin/sh\n', mode: 0o4755, mtime },
      { name: 'usr/bin/alias', type: 'symlink', linkname: '/usr/bin/tool', mtime },
      { name: 'usr/bin/twin', type: 'link', linkname: 'usr/bin/tool' },
      { name: 'dangling', type: 'symlink', linkname: '../../nowhere' },
    ]);
    const target = join(box.dir, 'layer');
    const result = await unpackLayer(streamOf(tar), { target, layer: LAYER });
    expect(result).toEqual({ diffId: sha256(tar), size: tar.length, entries: 6 });
    expect(await readFile(join(target, 'etc/app.conf'), 'utf8')).toBe('key=value\n');
    const conf = await stat(join(target, 'etc/app.conf'));
    expect(conf.mode & 0o7777).toBe(0o640);
    expect(conf.mtime.getTime()).toBe(mtime.getTime());
    const etc = await stat(join(target, 'etc'));
    expect(etc.mode & 0o7777).toBe(0o750);
    expect(etc.mtime.getTime()).toBe(mtime.getTime());
    expect((await stat(join(target, 'usr/bin/tool'))).mode & 0o7777).toBe(0o4755);
    expect(await readlink(join(target, 'usr/bin/alias'))).toBe('/usr/bin/tool');
    expect((await lstat(join(target, 'usr/bin/alias'))).mtime.getTime()).toBe(mtime.getTime());
    expect(await readlink(join(target, 'dangling'))).toBe('../../nowhere');
    const twin = await stat(join(target, 'usr/bin/twin'));
    expect(twin.ino).toBe((await stat(join(target, 'usr/bin/tool'))).ino);
    expect(twin.nlink).toBe(2);
    if (isRoot) {
      expect([conf.uid, conf.gid, etc.uid, etc.gid]).toEqual([1000, 1001, 7, 8]);
    }
  });

  it('reads gzip layers and computes the diff id of the uncompressed tar', async () => {
    const tar = await tarOf([{ name: 'a.txt', content: 'A' }]);
    const target = join(box.dir, 'layer');
    const result = await unpackLayer(streamOf(gzipSync(tar)), {
      target,
      layer: LAYER,
      expectedDiffId: sha256(tar),
    });
    expect(result.diffId).toBe(sha256(tar));
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('A');
  });

  it('a diff id mismatch fails and leaves neither the target nor a partial directory', async () => {
    const tar = await tarOf([{ name: 'a.txt', content: 'A' }]);
    const error = await unpackLayer(streamOf(tar), {
      target: join(box.dir, 'layer'),
      layer: LAYER,
      expectedDiffId: sha256('other'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LayerUnpackError);
    expect((error as LayerUnpackError).code).toBe('diff-id-mismatch');
    expect((error as Error).message).toContain(`layer ${LAYER}`);
    expect(await readdir(box.dir)).toEqual([]);
  });

  it('a later entry replaces an earlier one (file over dir, dir over symlink)', async () => {
    const tar = await tarOf([
      { name: 'x/inner', content: 'old' },
      { name: 'x', content: 'now a file' },
      { name: 'y', type: 'symlink', linkname: '/etc' },
      { name: 'y/', type: 'directory' },
      { name: 'y/file', content: 'inside' },
    ]);
    const target = join(box.dir, 'layer');
    await unpackLayer(streamOf(tar), { target, layer: LAYER });
    expect(await readFile(join(target, 'x'), 'utf8')).toBe('now a file');
    expect((await lstat(join(target, 'y'))).isDirectory()).toBe(true);
    expect(await readFile(join(target, 'y/file'), 'utf8')).toBe('inside');
  });

  it('refuses to unpack over an existing directory', async () => {
    const target = join(box.dir, 'layer');
    const tar = await tarOf([{ name: 'a.txt', content: 'A' }]);
    await unpackLayer(streamOf(tar), { target, layer: LAYER });
    await expect(unpackLayer(streamOf(tar), { target, layer: LAYER })).rejects.toMatchObject({
      code: 'target-exists',
    });
    expect(await readdir(box.dir)).toEqual(['layer']);
  });

  it('refuses a non-tar input with a bad-archive error naming the layer', async () => {
    const error = await unpackLayer(streamOf(Buffer.alloc(1024, 7)), {
      target: join(box.dir, 'l'),
      layer: LAYER,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-archive', layer: LAYER });
    expect(await readdir(box.dir)).toEqual([]);
  });
});

describe.skipIf(!isRoot)(
  `layer unpack: overlayfs whiteouts (root only: ${NOT_ROOT_REASON})`,
  () => {
    it('turns .wh.NAME into a 0/0 character device and .wh..wh..opq into trusted.overlay.opaque=y', async () => {
      const tar = await tarOf([
        { name: 'etc/', type: 'directory', mode: 0o755 },
        { name: 'etc/.wh.removed.conf', content: '' },
        { name: 'var/cache/', type: 'directory', mode: 0o755 },
        { name: 'var/cache/.wh..wh..opq', content: '' },
        { name: 'var/cache/fresh', content: 'new' },
        { name: '.wh..wh.plnk', type: 'directory' },
        { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
      ]);
      const target = join(box.dir, 'layer');
      await unpackLayer(streamOf(tar), { target, layer: LAYER });
      const whiteout = await lstat(join(target, 'etc/removed.conf'));
      expect(whiteout.isCharacterDevice()).toBe(true);
      expect(whiteout.rdev).toBe(0);
      expect(await readdir(join(target, 'etc'))).toEqual(['removed.conf']);
      expect(xattr(join(target, 'var/cache'), 'trusted.overlay.opaque')).toBe('y');
      expect(xattr(join(target, 'etc'), 'trusted.overlay.opaque')).toBeUndefined();
      expect(await readdir(join(target, 'var/cache'))).toEqual(['fresh']);
      const device = await lstat(join(target, 'dev/null'));
      expect(device.isCharacterDevice()).toBe(true);
      expect(device.mode & 0o777).toBe(0o666);
      expect(await readdir(target)).toEqual(['dev', 'etc', 'var']);
    });

    it('an opaque marker at the layer root marks the root', async () => {
      const target = join(box.dir, 'layer');
      await unpackLayer(streamOf(await tarOf([{ name: '.wh..wh..opq', content: '' }])), {
        target,
        layer: LAYER,
      });
      expect(xattr(target, 'trusted.overlay.opaque')).toBe('y');
    });
  },
);
