// The archive parts that touch only a directory: container path resolution and
// stat (Go's FileMode, dockerd's names), the tar of a path, and the guarded
// extraction into a container directory.
import {
  link,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extract, pack, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from '../../../src/builtin-engine/daemon/containers/archive-extract.js';
import { packPath } from '../../../src/builtin-engine/daemon/containers/archive-pack.js';
import {
  GO_MODE,
  absoluteContainerPath,
  baseName,
  goFileMode,
  goTime,
  resolveExtractionPoint,
  resolveForStat,
} from '../../../src/builtin-engine/daemon/containers/archive-paths.js';
import type { SpecialFiles } from '../../../src/builtin-engine/layers/index.js';

let root: string;
let outside: string;

beforeEach(async () => {
  const base = await mkdtemp(join(tmpdir(), 'tscompose-archive-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'data/sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'data/a.txt'), 'inside\n');
  await writeFile(join(root, 'data/sub/b.txt'), 'deep\n');
  await writeFile(join(outside, 'secret'), 'host file\n');
  await symlink('/data', join(root, 'lnk'));
  // Absolute and climbing links must resolve inside the root, never on the host.
  await symlink(outside, join(root, 'escape'));
  await symlink('../../../../..', join(root, 'data/up'));
});

afterEach(async () => {
  await rm(join(root, '..'), { recursive: true, force: true });
});

const noSpecial: SpecialFiles = {
  mknod: async () => {
    throw new Error('no device nodes in this test');
  },
  setXattr: async () => undefined,
};

function tarOf(entries: Array<Partial<Header> & { name: string; body?: string }>): Readable {
  const tar = pack();
  for (const { body, ...header } of entries) tar.entry(header, body ?? '');
  tar.finalize();
  return tar as unknown as Readable;
}

async function listTar(tar: Readable): Promise<Array<Partial<Header> & { text: string }>> {
  const out: Array<Partial<Header> & { text: string }> = [];
  const reader = extract();
  tar.pipe(reader as unknown as NodeJS.WritableStream);
  for await (const entry of reader) {
    let text = '';
    for await (const chunk of entry) text += Buffer.from(chunk as Uint8Array).toString();
    const { name, type, linkname, mode } = entry.header;
    out.push({ name, type, ...(linkname ? { linkname } : {}), mode, text });
  }
  return out;
}

describe('Go shapes', () => {
  it('FileMode carries the type bits above the permissions', () => {
    expect(goFileMode(0o040755)).toBe(GO_MODE.dir + 0o755);
    expect(goFileMode(0o100644)).toBe(0o644);
    expect(goFileMode(0o120777)).toBe(GO_MODE.symlink + 0o777);
    expect(goFileMode(0o020666)).toBe(GO_MODE.device + GO_MODE.charDevice + 0o666);
    expect(goFileMode(0o060660)).toBe(GO_MODE.device + 0o660);
    expect(goFileMode(0o010644)).toBe(GO_MODE.namedPipe + 0o644);
    expect(goFileMode(0o140755)).toBe(GO_MODE.socket + 0o755);
    expect(goFileMode(0o104755)).toBe(GO_MODE.setuid + 0o755);
    expect(goFileMode(0o102755)).toBe(GO_MODE.setgid + 0o755);
    expect(goFileMode(0o041777)).toBe(GO_MODE.dir + GO_MODE.sticky + 0o777);
    expect(GO_MODE.dir).toBe(2147483648);
  });

  it('times are RFC 3339 with trimmed nanoseconds', () => {
    expect(goTime(1_700_000_000_123_456_789n)).toBe('2023-11-14T22:13:20.123456789Z');
    expect(goTime(1_700_000_000_120_000_000n)).toBe('2023-11-14T22:13:20.12Z');
    expect(goTime(1_700_000_000_000_000_000n)).toBe('2023-11-14T22:13:20Z');
  });

  it('paths keep a trailing / or /. and name themselves as Go’s Base does', () => {
    expect(absoluteContainerPath('data')).toBe('/data');
    expect(absoluteContainerPath('/data/')).toBe('/data/');
    expect(absoluteContainerPath('/data/.')).toBe('/data/.');
    expect(absoluteContainerPath('/a/../data//x')).toBe('/data/x');
    expect(absoluteContainerPath('.')).toBe('/.');
    expect(absoluteContainerPath('/')).toBe('/');
    expect(baseName('/data/')).toBe('data');
    expect(baseName('/data/.')).toBe('.');
    expect(baseName('/')).toBe('/');
  });
});

describe('resolving container paths', () => {
  it('does not follow the last link unless the path ends in / or /.', async () => {
    const link = await resolveForStat(root, '/lnk', 'web');
    expect(link.stat).toMatchObject({ name: 'lnk', linkTarget: '/data' });
    expect(link.stat.mode).toBe(GO_MODE.symlink + 0o777);
    const through = await resolveForStat(root, '/lnk/', 'web');
    expect(through.hostPath).toBe(join(root, 'data'));
    expect(through.stat).toMatchObject({ name: 'lnk', linkTarget: '', mode: GO_MODE.dir + 0o755 });
    const contents = await resolveForStat(root, '/lnk/.', 'web');
    expect(contents.stat.name).toBe('.');
    const file = await resolveForStat(root, 'data/a.txt', 'web');
    expect(file.stat).toMatchObject({ name: 'a.txt', size: 7, mode: 0o644, linkTarget: '' });
    expect(file.stat.mtime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect((await resolveForStat(root, '/', 'web')).stat.name).toBe('/');
  });

  it('resolves absolute and climbing links inside the root', async () => {
    // `/escape` points at a host directory: inside the container that path does not exist.
    await expect(resolveForStat(root, '/escape/secret', 'web')).rejects.toMatchObject({
      status: 404,
      message: 'Could not find the file /escape/secret in container web',
    });
    const up = await resolveForStat(root, '/data/up/data/a.txt', 'web');
    expect(up.hostPath).toBe(join(root, 'data/a.txt'));
    await symlink('loop', join(root, 'loop'));
    await expect(resolveForStat(root, '/loop/x', 'web')).rejects.toMatchObject({ status: 400 });
  });

  it('an extraction point is an existing directory, links followed in the root', async () => {
    expect(await resolveExtractionPoint(root, '/lnk', 'web')).toBe(join(root, 'data'));
    expect(await resolveExtractionPoint(root, '/', 'web')).toBe(root);
    await expect(resolveExtractionPoint(root, '/data/a.txt', 'web')).rejects.toMatchObject({
      status: 400,
      message: 'extraction point is not a directory',
    });
    await expect(resolveExtractionPoint(root, '/nope', 'c1')).rejects.toMatchObject({
      status: 404,
      message: 'Could not find the file /nope in container c1',
    });
  });
});

describe('the tar of a path', () => {
  it('names entries by the base name, sorted, links as links, hard links once', async () => {
    await link(join(root, 'data/a.txt'), join(root, 'data/hard'));
    await symlink('/etc/shadow', join(root, 'data/evil'));
    const found = await resolveForStat(root, '/data', 'web');
    const entries = await listTar(packPath(found.hostPath, 'data', found.stats));
    expect(
      entries.map(({ name, type, linkname, text }) => ({ name, type, linkname, text })),
    ).toEqual([
      { name: 'data/', type: 'directory', linkname: undefined, text: '' },
      { name: 'data/a.txt', type: 'file', linkname: undefined, text: 'inside\n' },
      { name: 'data/evil', type: 'symlink', linkname: '/etc/shadow', text: '' },
      { name: 'data/hard', type: 'link', linkname: 'data/a.txt', text: '' },
      { name: 'data/sub/', type: 'directory', linkname: undefined, text: '' },
      { name: 'data/sub/b.txt', type: 'file', linkname: undefined, text: 'deep\n' },
      { name: 'data/up', type: 'symlink', linkname: '../../../../..', text: '' },
    ]);
    expect(entries[1]?.mode).toBe(0o644);
  });

  it('packs a link itself, and a directory’s contents under `.`', async () => {
    const link = await resolveForStat(root, '/escape', 'web');
    expect(await listTar(packPath(link.hostPath, 'escape', link.stats))).toEqual([
      { name: 'escape', type: 'symlink', linkname: outside, mode: 0o777, text: '' },
    ]);
    const dot = await resolveForStat(root, '/data/sub/.', 'web');
    const names = (await listTar(packPath(dot.hostPath, dot.stat.name, dot.stats))).map(
      (e) => e.name,
    );
    expect(names).toEqual(['./', './b.txt']);
  });
});

describe('extracting into a container directory', () => {
  const options = { noOverwriteDirNonDir: false, ownership: false, special: noSpecial };

  it('writes files, directories and links with the archive’s modes and times', async () => {
    const mtime = new Date('2020-01-02T03:04:05Z');
    const count = await extractArchive(
      tarOf([
        { name: './', type: 'directory', mode: 0o755 },
        { name: 'new/', type: 'directory', mode: 0o750, mtime },
        { name: 'new/deeper/x.sh', mode: 0o755, body: '#!/bin/sh\n', mtime },
        { name: 'new/l', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'new/h', type: 'link', linkname: 'new/deeper/x.sh' },
        { name: 'data/a.txt', body: 'replaced\n' },
      ]),
      root,
      options,
    );
    expect(count).toBe(6);
    expect(await readFile(join(root, 'new/deeper/x.sh'), 'utf8')).toBe('#!/bin/sh\n');
    expect((await stat(join(root, 'new/deeper/x.sh'))).mode & 0o7777).toBe(0o755);
    expect((await stat(join(root, 'new'))).mode & 0o7777).toBe(0o750);
    expect((await stat(join(root, 'new'))).mtime).toEqual(mtime);
    expect((await stat(join(root, 'new/deeper'))).mode & 0o7777).toBe(0o755);
    expect(await readlink(join(root, 'new/l'))).toBe('/etc/passwd');
    expect((await stat(join(root, 'new/h'))).ino).toBe(
      (await stat(join(root, 'new/deeper/x.sh'))).ino,
    );
    expect(await readFile(join(root, 'data/a.txt'), 'utf8')).toBe('replaced\n');
    // The existing directory was merged into, not replaced.
    expect(await readFile(join(root, 'data/sub/b.txt'), 'utf8')).toBe('deep\n');
  });

  it('replaces a link at an entry’s path instead of writing through it', async () => {
    await symlink(join(outside, 'secret'), join(root, 'data/target'));
    await extractArchive(tarOf([{ name: 'data/target', body: 'mine\n' }]), root, options);
    expect((await lstat(join(root, 'data/target'))).isFile()).toBe(true);
    expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('host file\n');
  });

  it.each([
    [
      [{ name: 'escape/pwned', body: 'x' }],
      'refusing archive entry "escape/pwned": "escape" is a symbolic link; writing through it is not allowed',
    ],
    [
      [
        { name: 'x', type: 'symlink' as const, linkname: '/' },
        { name: 'x/pwned', body: 'x' },
      ],
      '"x" is a symbolic link',
    ],
    [
      [{ name: '../pwned', body: 'x' }],
      'refusing archive entry "../pwned": the path climbs out of the destination with ".."',
    ],
    [
      [{ name: '/abs', body: 'x' }],
      'refusing archive entry "/abs": absolute paths are not allowed in an archive',
    ],
    [
      [{ name: 'h', type: 'link' as const, linkname: '../outside/secret' }],
      'refusing archive entry "h": hard link target: the path climbs out',
    ],
    [
      [{ name: 'h', type: 'link' as const, linkname: 'escape/secret' }],
      'refusing archive entry "h": "escape" is a symbolic link',
    ],
    [[{ name: 'data/a.txt/x', body: 'x' }], '"data/a.txt" is not a directory'],
  ])('refuses %j with a 400', async (entries, message) => {
    const refused = extractArchive(tarOf(entries), root, options);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(message),
    });
    expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('host file\n');
    await expect(lstat(join(outside, 'pwned'))).rejects.toThrow();
    await expect(lstat(join(root, '..', 'pwned'))).rejects.toThrow();
  });

  it('noOverwriteDirNonDir keeps directories and non-directories apart', async () => {
    const strict = { ...options, noOverwriteDirNonDir: true };
    await expect(
      extractArchive(tarOf([{ name: 'data', body: 'x' }]), root, strict),
    ).rejects.toMatchObject({
      status: 400,
      message: 'cannot overwrite directory "data" with non-directory',
    });
    await expect(
      extractArchive(tarOf([{ name: 'data/a.txt/', type: 'directory' }]), root, strict),
    ).rejects.toMatchObject({
      message: 'cannot overwrite non-directory "data/a.txt/" with directory',
    });
    // Without the flag the swap happens, as in dockerd.
    await extractArchive(tarOf([{ name: 'data/a.txt/', type: 'directory' }]), root, options);
    expect((await lstat(join(root, 'data/a.txt'))).isDirectory()).toBe(true);
  });

  it('rejects a body that is not a tar', async () => {
    await expect(
      extractArchive(Readable.from([Buffer.alloc(1024, 7)]), root, options),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('extracting the archive failed'),
    });
  });

  it.runIf(process.getuid?.() === 0)(
    'owns files by the archive’s ids, or by the container user',
    async () => {
      const owned = { ...options, ownership: true };
      await extractArchive(tarOf([{ name: 'u.txt', uid: 1234, gid: 99, body: 'u' }]), root, owned);
      expect(await stat(join(root, 'u.txt'))).toMatchObject({ uid: 1234, gid: 99 });
      await extractArchive(tarOf([{ name: 'v.txt', uid: 1234, gid: 99, body: 'v' }]), root, {
        ...owned,
        owner: { uid: 1000, gid: 1001 },
      });
      expect(await stat(join(root, 'v.txt'))).toMatchObject({ uid: 1000, gid: 1001 });
    },
  );
});
