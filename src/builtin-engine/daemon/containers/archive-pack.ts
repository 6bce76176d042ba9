/**
 * The tar of a container path for `GET /containers/{id}/archive`: the path's
 * own entry named by its base name (`data/`, `data/a.txt`, … for `/data`;
 * `./`, `./a.txt` for `/data/.`), as dockerd rebases it. Nothing is followed:
 * symlinks are entries, files are opened with O_NOFOLLOW, so a link the
 * container planted cannot make us read a host file. A file met twice by
 * inode is a hard link to its first name, as Go's archive writer does.
 * Sockets are skipped (tar has no type for them); so are the contents of
 * /proc, /sys and the like in a running container.
 */
import type { BigIntStats } from 'node:fs';
import { constants, createReadStream } from 'node:fs';
import { lstat, open, readdir, readlink, statfs } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack, type Header, type Pack } from 'tar-stream';

/**
 * Kernel file systems a running container has mounted (proc, sysfs, cgroup,
 * devpts, mqueue, …, by statfs magic): their directories go into the tar
 * empty, as they are in the container's image, not with the kernel's files.
 */
const PSEUDO_FILESYSTEMS = new Set([
  0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x1cd1, 0x19800202, 0x73636673, 0x64626720, 0x74726163,
  0xcafe4a11, 0x6165676c, 0xf97cff8c, 0xde5e81e4, 0x65735543, 0x62656570,
]);

async function isPseudoFilesystem(path: string): Promise<boolean> {
  const info = await statfs(path).catch(() => undefined);
  return info !== undefined && PSEUDO_FILESYSTEMS.has(info.type);
}

/** Linux dev_t → major/minor (glibc's encoding; Node gives rdev as a number). */
function deviceNumbers(rdev: bigint): { devmajor: number; devminor: number } {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
  return { devmajor: Number(major), devminor: Number(minor) };
}

type EntryType = Header['type'];

function entryType(stats: BigIntStats): EntryType | undefined {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'file';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isCharacterDevice()) return 'character-device';
  if (stats.isBlockDevice()) return 'block-device';
  if (stats.isFIFO()) return 'fifo';
  return undefined;
}

function addEntry(tar: Pack, header: Header & { size: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    tar.entry(header, (error) => (error ? reject(error) : resolve()));
  });
}

class Packer {
  private readonly seen = new Map<string, string>();

  constructor(private readonly tar: Pack) {}

  async add(hostPath: string, name: string, stats: BigIntStats): Promise<void> {
    const type = entryType(stats);
    if (type === undefined) return;
    const header: Header & { size: number } = {
      name: type === 'directory' ? `${name}/` : name,
      type,
      size: 0,
      mode: Number(stats.mode) & 0o7777,
      uid: Number(stats.uid),
      gid: Number(stats.gid),
      mtime: new Date(Number(stats.mtimeMs)),
      linkname: '',
      uname: '',
      gname: '',
      devmajor: 0,
      devminor: 0,
    };
    if (type === 'file' && stats.nlink > 1n) {
      const key = `${stats.dev}:${stats.ino}`;
      const first = this.seen.get(key);
      if (first !== undefined)
        return addEntry(this.tar, { ...header, type: 'link', linkname: first });
      this.seen.set(key, name);
    }
    if (type === 'symlink')
      return addEntry(this.tar, { ...header, linkname: await readlink(hostPath) });
    if (type === 'character-device' || type === 'block-device')
      return addEntry(this.tar, { ...header, ...deviceNumbers(stats.rdev) });
    if (type === 'file') return this.addFile(hostPath, header, Number(stats.size));
    await addEntry(this.tar, header);
    if (type === 'directory' && !(await isPseudoFilesystem(hostPath))) {
      // Sorted, as Go's filepath.Walk lists them: the same tree always gives the same tar.
      const children = (await readdir(hostPath)).sort();
      for (const child of children) {
        const childPath = posix.join(hostPath, child);
        const childStats = await lstat(childPath, { bigint: true }).catch(() => undefined);
        // Gone since the listing (a running container changes its files): skip it.
        if (childStats === undefined) continue;
        await this.add(childPath, `${name}/${child}`, childStats);
      }
    }
  }

  private async addFile(hostPath: string, header: Header, size: number): Promise<void> {
    const handle = await open(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      if (size === 0) return await addEntry(this.tar, { ...header, size });
      const entry = this.tar.entry({ ...header, size });
      // Exactly the size in the header: a file growing meanwhile (a log) is cut there.
      const source = createReadStream('', {
        fd: handle.fd,
        autoClose: false,
        start: 0,
        end: size - 1,
      });
      await pipeline(source, entry);
    } finally {
      await handle.close();
    }
  }
}

/**
 * Streams the tar of `hostPath` (already lstat-ed as `stats`) with its root
 * entry named `name`. Errors while reading destroy the stream with the error.
 */
export function packPath(hostPath: string, name: string, stats: BigIntStats): Readable {
  const tar = pack();
  const packer = new Packer(tar);
  packer.add(hostPath, name, stats).then(
    () => tar.finalize(),
    (error: unknown) => tar.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  // A streamx Readable: Node's stream.pipeline and `finished` take it as a Readable.
  return tar as unknown as Readable;
}
