// The archive endpoints through the daemon core with fake machinery: which root a
// copy uses (a stopped container's snapshot mounted for the operation and under
// its lock; a running one's process root only when it is provably the overlay),
// and the read-only root file system rule.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuiltinEngineCore } from '../../../src/builtin-engine/daemon/core.js';
import { coreOptions, fakeMachinery, type FakeMachinery } from '../../support/fake-machinery.js';

let root: string;
let machinery: FakeMachinery;
let core: BuiltinEngineCore;
let mounts: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tscompose-core-archive-'));
  machinery = fakeMachinery(root);
  machinery.images.add('busybox:latest', { Cmd: ['sh'] });
  mounts = [];
  const { mount, unmount } = machinery.snapshots;
  machinery.snapshots.mount = async (id) => {
    mounts.push(`mount ${id}`);
    return mount(id);
  };
  machinery.snapshots.unmount = async (id) => {
    mounts.push(`unmount ${id}`);
    return unmount(id);
  };
  core = await BuiltinEngineCore.open(coreOptions(root, machinery));
});

afterEach(async () => {
  await core.close();
  await rm(root, { recursive: true, force: true });
});

const merged = (id: string): string => join(root, 'containers', id, 'merged');

function tarOf(name: string, body: string): Readable {
  const tar = pack();
  tar.entry({ name }, body);
  tar.finalize();
  return tar as unknown as Readable;
}

async function names(tar: Readable): Promise<string[]> {
  const reader = extract();
  tar.pipe(reader as unknown as NodeJS.WritableStream);
  const out: string[] = [];
  for await (const entry of reader) {
    out.push(entry.header.name);
    entry.resume();
  }
  return out;
}

const put = { noOverwriteDirNonDir: false, copyUidGid: false };
const never = new AbortController().signal;

describe('archives of a stopped container', () => {
  it('mounts the snapshot for each operation and unmounts it after', async () => {
    const { Id } = await core.createContainer('web', { Image: 'busybox' });
    await mkdir(join(merged(Id), 'tmp'), { recursive: true });
    await core.putContainerArchive('web', '/tmp', tarOf('note.txt', 'hi\n'), put, never);
    expect(await readFile(join(merged(Id), 'tmp/note.txt'), 'utf8')).toBe('hi\n');
    expect(await core.statContainerPath('web', '/tmp/note.txt')).toMatchObject({
      name: 'note.txt',
      size: 3,
    });
    const { stat: tmpStat, archive } = await core.getContainerArchive('web', '/tmp', never);
    expect(tmpStat.name).toBe('tmp');
    expect(await names(archive)).toEqual(['tmp/', 'tmp/note.txt']);
    await expect(core.statContainerPath('web', '/nope')).rejects.toMatchObject({
      status: 404,
      message: 'Could not find the file /nope in container web',
    });
    expect(mounts).toEqual(
      Array.from({ length: 4 }, () => [`mount ${Id}`, `unmount ${Id}`]).flat(),
    );
    expect(machinery.snapshots.mounted.size).toBe(0);
  });

  it('holds the container’s lock while a tar is read: a start waits for it', async () => {
    const { Id } = await core.createContainer('web', { Image: 'busybox' });
    await writeFile(join(merged(Id), 'big'), Buffer.alloc(1 << 20, 1));
    const { archive } = await core.getContainerArchive('web', '/big', never);
    let started = false;
    const starting = core.startContainer(Id).then(() => (started = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toBe(false);
    expect(await names(archive)).toEqual(['big']);
    await starting;
    expect(mounts).toEqual([`mount ${Id}`, `unmount ${Id}`, `mount ${Id}`]);
  });

  it('refuses a read-only root file system with a 403', async () => {
    const { Id } = await core.createContainer('ro', {
      Image: 'busybox',
      HostConfig: { ReadonlyRootfs: true },
    });
    await mkdir(join(merged(Id), 'tmp'));
    await expect(
      core.putContainerArchive('ro', '/tmp', tarOf('x', 'x'), put, never),
    ).rejects.toMatchObject({ status: 403, message: 'container rootfs is marked read-only' });
    expect(machinery.snapshots.mounted.size).toBe(0);
  });
});

describe('archives of a running container', () => {
  it('uses the overlay without mounting when the process root is not provably ours', async () => {
    const { Id } = await core.createContainer('web', { Image: 'busybox' });
    await core.startContainer(Id);
    mounts.length = 0;
    // The fake pid is no container of ours (it may be any host process): never use its root.
    await writeFile(join(merged(Id), 'a.txt'), 'overlay\n');
    const { archive } = await core.getContainerArchive('web', '/a.txt', never);
    expect(await names(archive)).toEqual(['a.txt']);
    expect(mounts).toEqual([]);
  });

  it('uses the process root when it is the overlay, and then writable mounts count', async () => {
    const { Id } = await core.createContainer('ro', {
      Image: 'busybox',
      HostConfig: { ReadonlyRootfs: true, Binds: [`${join(root, 'host-dir')}:/data`] },
    });
    await core.startContainer(Id);
    // Stand-in for /proc/<pid>/root: the same directory as the overlay (same device and inode).
    core.containers.archives.processRoot = () => merged(Id);
    await mkdir(join(merged(Id), 'data'));
    await mkdir(join(merged(Id), 'etc'));
    await core.putContainerArchive('ro', '/data', tarOf('in-volume', 'v'), put, never);
    expect(await readFile(join(merged(Id), 'data/in-volume'), 'utf8')).toBe('v');
    await expect(
      core.putContainerArchive('ro', '/etc', tarOf('x', 'x'), put, never),
    ).rejects.toMatchObject({ status: 403 });
    const readonlyBind = await core.createContainer('ro2', {
      Image: 'busybox',
      HostConfig: { ReadonlyRootfs: true, Binds: [`${join(root, 'host-dir')}:/data:ro`] },
    });
    await core.startContainer(readonlyBind.Id);
    core.containers.archives.processRoot = () => merged(readonlyBind.Id);
    await mkdir(join(merged(readonlyBind.Id), 'data'));
    await expect(
      core.putContainerArchive('ro2', '/data', tarOf('x', 'x'), put, never),
    ).rejects.toMatchObject({ status: 403 });
  });

  it.runIf(process.getuid?.() === 0)(
    'copyUIDGID owns the files by the container’s user',
    async () => {
      const { Id } = await core.createContainer('web', { Image: 'busybox', User: 'app' });
      await mkdir(join(merged(Id), 'etc'));
      await writeFile(
        join(merged(Id), 'etc/passwd'),
        'root:x:0:0::/root:/bin/sh\napp:x:1500:1600::/home/app:/bin/sh\n',
      );
      await core.putContainerArchive(
        'web',
        '/',
        tarOf('owned', 'o'),
        { ...put, copyUidGid: true },
        never,
      );
      expect(await stat(join(merged(Id), 'owned'))).toMatchObject({ uid: 1500, gid: 1600 });
      const nobody = await core.createContainer('nobody', { Image: 'busybox', User: 'ghost' });
      await expect(
        core.putContainerArchive(
          nobody.Id,
          '/',
          tarOf('x', 'x'),
          { ...put, copyUidGid: true },
          never,
        ),
      ).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('unable to find user ghost'),
      });
    },
  );
});
