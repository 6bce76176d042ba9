/**
 * Container root file systems on a real overlay mount: `docker save
 * busybox:latest` → a fresh store → layerDirs → a snapshot mounted, written
 * to, unmounted, remounted and removed. Needs root (mount(2)); every mount a
 * test makes is unmounted in afterEach, even when the test fails.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import {
  access,
  constants,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadImageArchive } from '../../src/builtin-engine/load/index.js';
import {
  createSnapshot,
  isMounted,
  layerDirs,
  mountSnapshot,
  removeSnapshot,
  unmountSnapshot,
} from '../../src/builtin-engine/snapshots/index.js';
import { ImageStore } from '../../src/builtin-engine/store/index.js';
import { busyboxImage } from '../support/engine.js';

let dir: string;
let root: string;
let store: ImageStore;
/** Every (root, id) a test mounted, unmounted after each test whatever happened. */
const mounted: { root: string; id: string }[] = [];

async function mountsUnder(path: string): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === path || point.startsWith(`${path}/`));
}

async function mount(id: string): Promise<string> {
  mounted.push({ root, id });
  return (await mountSnapshot(root, id)).merged;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-builtin-snap-'));
  root = join(dir, 'engine');
  const archive = join(dir, 'busybox.tar');
  execFileSync('docker', ['save', busyboxImage, '-o', archive], { stdio: 'pipe' });
  store = await ImageStore.open(join(dir, 'store'));
  await loadImageArchive(store, createReadStream(archive));
});

afterEach(async () => {
  for (const entry of mounted.splice(0)) {
    await unmountSnapshot(entry.root, entry.id).catch(() => undefined);
  }
});

afterAll(async () => {
  // Last resort: nothing of ours may stay mounted, whatever failed above.
  for (const point of (await mountsUnder(dir)).reverse()) {
    execFileSync('umount', ['-l', point], { stdio: 'pipe' });
  }
  await rm(dir, { recursive: true, force: true });
});

describe('built-in engine: overlay snapshots', () => {
  it('mounts busybox, records writes and deletions in upper, survives a remount, removes cleanly', async () => {
    const lowers = await layerDirs(store, busyboxImage, root);
    const image = await store.inspect(busyboxImage);
    expect(lowers).toEqual(
      [...image.config.rootfs.diff_ids]
        .reverse()
        .map((diffId) => join(root, 'layers', diffId.slice('sha256:'.length))),
    );

    const snapshot = await createSnapshot(root, 'c1', lowers);
    expect(snapshot.merged).toBe(join(root, 'containers', 'c1', 'merged'));
    expect(await isMounted(snapshot.merged)).toBe(false);
    const merged = await mount('c1');
    expect(await isMounted(merged)).toBe(true);

    const busybox = join(merged, 'bin', 'busybox');
    expect((await stat(busybox)).isFile()).toBe(true);
    await access(busybox, constants.X_OK);

    // A write lands in upper only.
    await writeFile(join(merged, 'hello.txt'), 'hi\n');
    expect(await readFile(join(snapshot.upper, 'hello.txt'), 'utf8')).toBe('hi\n');
    for (const lower of lowers) {
      expect(await lstat(join(lower, 'hello.txt')).catch(() => undefined)).toBeUndefined();
    }

    // A deletion of a lower file becomes a whiteout (char device 0/0) in upper.
    const victim = join('etc', 'group');
    expect((await lstat(join(merged, victim))).isFile()).toBe(true);
    await unlink(join(merged, victim));
    await expect(lstat(join(merged, victim))).rejects.toMatchObject({ code: 'ENOENT' });
    const whiteout = await lstat(join(snapshot.upper, victim));
    expect(whiteout.isCharacterDevice()).toBe(true);
    expect(whiteout.rdev).toBe(0);
    const lowerCopy = lowers.map((lower) => join(lower, victim));
    expect(
      await Promise.all(
        lowerCopy.map((path) =>
          lstat(path).then(
            () => true,
            () => false,
          ),
        ),
      ),
    ).toContain(true);

    // Unmount (twice: the second is a no-op), remount: the changes are still there.
    await unmountSnapshot(root, 'c1');
    await unmountSnapshot(root, 'c1');
    expect(await isMounted(merged)).toBe(false);
    expect(await readdir(merged)).toEqual([]);
    await mount('c1');
    expect(await readFile(join(merged, 'hello.txt'), 'utf8')).toBe('hi\n');
    await expect(lstat(join(merged, victim))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(busybox)).isFile()).toBe(true);

    const containerDir = join(root, 'containers', 'c1');
    await removeSnapshot(root, 'c1');
    expect(await mountsUnder(containerDir)).toEqual([]);
    expect(await lstat(containerDir).catch(() => undefined)).toBeUndefined();
    // The shared layer dirs stay.
    expect((await stat(join(lowers[0] as string, 'bin', 'busybox'))).isFile()).toBe(true);
    await removeSnapshot(root, 'c1'); // already gone: no error
  });

  it('shares the layer dirs between two snapshots of one image (concurrent callers included)', async () => {
    const fresh = join(dir, 'engine-shared');
    const [first, second] = await Promise.all([
      layerDirs(store, busyboxImage, fresh),
      layerDirs(store, busyboxImage, fresh),
    ]);
    expect(second).toEqual(first);
    const again = await layerDirs(store, busyboxImage, fresh);
    expect(again).toEqual(first);
    // Exactly one directory per layer, no leftover partial dirs.
    expect((await readdir(join(fresh, 'layers'))).sort()).toEqual(
      first.map((path) => path.split('/').pop()).sort(),
    );

    root = fresh;
    await createSnapshot(root, 'a', first);
    await createSnapshot(root, 'b', second);
    const [a, b] = [await mount('a'), await mount('b')];
    await writeFile(join(a, 'only-in-a'), 'a');
    expect(await lstat(join(b, 'only-in-a')).catch(() => undefined)).toBeUndefined();
    expect((await stat(join(b, 'bin', 'busybox'))).isFile()).toBe(true);
    await expect(createSnapshot(root, 'a', first)).rejects.toMatchObject({ code: 'exists' });
    await removeSnapshot(root, 'a');
    await removeSnapshot(root, 'b');
    expect(await mountsUnder(join(root, 'containers'))).toEqual([]);
  });

  it('mounts more layers than fit in one page of absolute paths (short links)', async () => {
    root = join(dir, 'engine-many');
    const count = 60;
    const lowers: string[] = [];
    // Top layer first: layer i holds "layer-i" and its own version of "which".
    for (let index = 0; index < count; index += 1) {
      const lower = join(root, 'layers', index.toString(16).padStart(64, '0'));
      await mkdir(lower, { recursive: true });
      await writeFile(join(lower, `layer-${index}`), String(index));
      await writeFile(join(lower, 'which'), String(index));
      lowers.push(lower);
    }
    expect(lowers.join(':').length).toBeGreaterThan(4096);
    await createSnapshot(root, 'many', lowers);
    const merged = await mount('many');
    expect(await readFile(join(merged, 'which'), 'utf8')).toBe('0');
    expect(await readFile(join(merged, `layer-${count - 1}`), 'utf8')).toBe(String(count - 1));
    expect((await readdir(merged)).length).toBe(count + 1);
    await removeSnapshot(root, 'many');
    expect(await mountsUnder(join(root, 'containers'))).toEqual([]);
  });

  it('names the container and path when a snapshot is missing', async () => {
    await expect(mountSnapshot(root, 'nope')).rejects.toMatchObject({
      name: 'SnapshotError',
      code: 'not-found',
      message: expect.stringContaining(join(root, 'containers', 'nope')),
    });
  });
});
