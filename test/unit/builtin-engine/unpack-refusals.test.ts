/**
 * Hostile layers: every way an entry could land outside the layer directory is
 * refused, the unpack fails as a whole, and nothing appears outside (nor a
 * half-made layer). `outside/` is a sibling directory an attacker would aim at.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LayerUnpackError, unpackLayer } from '../../../src/builtin-engine/layers/index.js';
import { listTree, sandbox, streamOf, tarOf, type Sandbox, type TarEntry } from './helpers.js';

let box: Sandbox;
let outside: string;
let layers: string;
const LAYER = 'sha256:0123abcd';

beforeEach(async () => {
  box = await sandbox();
  outside = join(box.dir, 'outside');
  layers = join(box.dir, 'store', 'layers');
  await mkdir(outside);
  await mkdir(layers, { recursive: true });
  await writeFile(join(outside, 'secret'), 'original');
});
afterEach(() => box.remove());

async function refused(entries: readonly TarEntry[]): Promise<LayerUnpackError> {
  const error = await unpackLayer(streamOf(await tarOf(entries)), {
    target: join(layers, 'layer'),
    layer: LAYER,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LayerUnpackError);
  return error as LayerUnpackError;
}

/** Nothing new anywhere in the sandbox: not outside, not in the store, no partial layer. */
async function expectNothingWritten(): Promise<void> {
  expect(await listTree(outside)).toEqual(['secret']);
  expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('original');
  expect(await readdir(layers)).toEqual([]);
  expect((await readdir(box.dir)).sort()).toEqual(['outside', 'store']);
  expect(await readdir(join(box.dir, 'store'))).toEqual(['layers']);
}

describe('layer unpack refuses entries that would escape the layer directory', () => {
  it('a path with ..', async () => {
    const error = await refused([
      { name: 'ok.txt', content: 'fine' },
      { name: '../x', content: 'pwned' },
    ]);
    expect(error.code).toBe('unsafe-path');
    expect(error.message).toBe(
      `layer ${LAYER}: entry "../x" refused: the path climbs out of the layer with ".."`,
    );
    await expectNothingWritten();
  });

  it('.. hidden in the middle of a path', async () => {
    const error = await refused([{ name: 'a/../../../outside/secret', content: 'pwned' }]);
    expect(error).toMatchObject({ code: 'unsafe-path', entryPath: 'a/../../../outside/secret' });
    await expectNothingWritten();
  });

  it('an absolute path', async () => {
    const error = await refused([{ name: join(outside, 'x'), content: 'pwned' }]);
    expect(error.code).toBe('unsafe-path');
    expect(error.message).toMatch(/absolute paths are not allowed/);
    await expectNothingWritten();
    const etc = await refused([{ name: '/etc/x', content: 'pwned' }]);
    expect(etc.entryPath).toBe('/etc/x');
  });

  it('a symlink to outside, then a write through it (absolute and relative link)', async () => {
    for (const linkname of [outside, '../../../outside']) {
      const error = await refused([
        { name: 'a', type: 'symlink', linkname },
        { name: 'a/secret', content: 'pwned' },
      ]);
      expect(error.code).toBe('unsafe-path');
      expect(error.message).toBe(
        `layer ${LAYER}: entry "a/secret" refused: "a" is a symbolic link; writing through it could leave the layer directory`,
      );
      await expectNothingWritten();
    }
  });

  it('a symlinked directory deeper down, then a directory entry through it', async () => {
    const error = await refused([
      { name: 'usr/', type: 'directory' },
      { name: 'usr/lib', type: 'symlink', linkname: outside },
      { name: 'usr/lib/new/', type: 'directory' },
    ]);
    expect(error).toMatchObject({ code: 'unsafe-path', entryPath: 'usr/lib/new/' });
    await expectNothingWritten();
  });

  it('a hard link to a file outside', async () => {
    const error = await refused([{ name: 'stolen', type: 'link', linkname: '../outside/secret' }]);
    expect(error.code).toBe('unsafe-path');
    expect(error.message).toMatch(
      /entry "stolen" refused: hard link target "\.\.\/outside\/secret"/,
    );
    await expectNothingWritten();
  });

  it('a hard link through a planted symlink', async () => {
    const error = await refused([
      { name: 'door', type: 'symlink', linkname: outside },
      { name: 'stolen', type: 'link', linkname: 'door/secret' },
    ]);
    expect(error.code).toBe('unsafe-path');
    await expectNothingWritten();
  });

  it('a whiteout through a planted symlink', async () => {
    const error = await refused([
      { name: 'door', type: 'symlink', linkname: outside },
      { name: 'door/.wh.secret', content: '' },
    ]);
    expect(error.code).toBe('unsafe-path');
    await expectNothingWritten();
  });

  it('a file over a planted symlink replaces the link instead of writing its target', async () => {
    const target = join(layers, 'layer');
    const tar = await tarOf([
      { name: 'x', type: 'symlink', linkname: join(outside, 'secret') },
      { name: 'x', content: 'stays inside' },
    ]);
    await unpackLayer(streamOf(tar), { target, layer: LAYER });
    expect(await readFile(join(target, 'x'), 'utf8')).toBe('stays inside');
    expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('original');
    expect(await listTree(outside)).toEqual(['secret']);
  });
});
