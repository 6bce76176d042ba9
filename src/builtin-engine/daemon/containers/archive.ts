/**
 * The archive endpoints of a container (`docker cp`): stat, tar out, tar in,
 * for running and stopped containers.
 *
 * Where the files are: a running container's root as its process sees it,
 * `/proc/<pid>/root`, which also shows its volumes, binds and tmpfs mounts
 * (and enforces their read-only flags), checked to be our overlay by device
 * and inode so a reused pid can never point us elsewhere; when that check
 * fails, the overlay itself. A container that does not run gets its snapshot
 * mounted for the operation and unmounted after, under the container's lock
 * so that a start cannot begin meanwhile (and find its root unmounted). Its
 * volumes and binds are not mounted then: a copy reaches only the container's
 * own file system (dockerd mounts them too; not done here yet).
 *
 * Known limit: a running container can swap a directory for a symlink
 * between our check of a path and our use of it. Reads never follow a link
 * at the last element (O_NOFOLLOW) and writes create with O_EXCL, but a
 * swapped parent directory is not detected (dockerd closed that race by
 * working inside a chroot).
 */
import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { commandSpecialFiles, type SpecialFiles } from '../../layers/index.js';
import { EngineApiError, type ContainerPathStat } from '../../ports.js';
import { readRootfsFile } from '../../runtime/rootfs-file.js';
import { resolveUser } from '../../runtime/user.js';
import { extractArchive } from './archive-extract.js';
import { packPath } from './archive-pack.js';
import { containerPathOf, resolveExtractionPoint, resolveForStat } from './archive-paths.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

/** Where a container's files are for one operation. */
interface RootAccess {
  readonly root: string;
  /** True when the container's mounts (volumes, binds, tmpfs) are visible under `root`. */
  readonly withMounts: boolean;
}

function isLive(record: ContainerRecord): boolean {
  return (
    (record.state.Status === 'running' || record.state.Status === 'paused') && record.state.Pid > 0
  );
}

export class ContainerArchives {
  /** `/proc/<pid>/root`; tests point it elsewhere. */
  processRoot: (pid: number) => string = (pid) => `/proc/${pid}/root`;
  special: SpecialFiles = commandSpecialFiles();

  constructor(private readonly deps: ContainerDeps) {}

  /** The running container's root through its process, when it is provably our overlay. */
  private async liveRoot(record: ContainerRecord): Promise<RootAccess> {
    const overlay = join(this.deps.snapshots.dir(record.id), 'merged');
    const viaProcess = this.processRoot(record.state.Pid);
    const [ours, seen] = await Promise.all([
      stat(overlay, { bigint: true }).catch(() => undefined),
      stat(viaProcess, { bigint: true }).catch(() => undefined),
    ]);
    if (ours !== undefined && seen !== undefined && ours.dev === seen.dev && ours.ino === seen.ino)
      return { root: viaProcess, withMounts: true };
    return { root: overlay, withMounts: false };
  }

  /**
   * Runs `task` with the container's files reachable; `task` resolves when it
   * no longer needs them (for a tar out: when the stream is over).
   */
  private async withRoot<T>(
    record: ContainerRecord,
    task: (access: RootAccess) => Promise<T>,
  ): Promise<T> {
    if (isLive(record)) return task(await this.liveRoot(record));
    const { registry, snapshots } = this.deps;
    return registry.withLock(record.id, async () => {
      // It may have started while we waited for the lock.
      if (isLive(record)) return task(await this.liveRoot(record));
      const root = await snapshots.mount(record.id);
      try {
        return await task({ root, withMounts: false });
      } finally {
        await snapshots
          .unmount(record.id)
          .catch((error: unknown) =>
            this.deps.warn(`unmounting ${record.name} after a copy: ${String(error)}`),
          );
      }
    });
  }

  async stat(ref: string, path: string): Promise<ContainerPathStat> {
    const record = this.deps.registry.resolve(ref);
    return this.withRoot(record, async ({ root }) => (await resolveForStat(root, path, ref)).stat);
  }

  get(
    ref: string,
    path: string,
    signal: AbortSignal,
  ): Promise<{ stat: ContainerPathStat; archive: Readable }> {
    const record = this.deps.registry.resolve(ref);
    return new Promise((resolve, reject) => {
      this.withRoot(record, async ({ root }) => {
        const found = await resolveForStat(root, path, ref);
        // `/` has no base name to put in front of its entries: they go under `.`.
        const name = found.stat.name === '/' ? '.' : found.stat.name;
        const archive = packPath(found.hostPath, name, found.stats);
        const abort = (): void => void archive.destroy();
        signal.addEventListener('abort', abort, { once: true });
        resolve({ stat: found.stat, archive });
        // The root stays reachable (a stopped container's snapshot mounted) until the tar is over.
        await finished(archive).catch(() => undefined);
        signal.removeEventListener('abort', abort);
      }).catch(reject);
    });
  }

  async put(
    ref: string,
    path: string,
    source: Readable,
    options: { noOverwriteDirNonDir: boolean; copyUidGid: boolean },
  ): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    await this.withRoot(record, async (access) => {
      const target = await resolveExtractionPoint(access.root, path, ref);
      if (
        record.hostConfig.ReadonlyRootfs === true &&
        !this.onWritableMount(record, access, target)
      )
        throw new EngineApiError(403, 'container rootfs is marked read-only');
      const owner = options.copyUidGid ? await this.containerUser(record, access.root) : undefined;
      await extractArchive(source, target, {
        noOverwriteDirNonDir: options.noOverwriteDirNonDir,
        ownership: process.getuid?.() === 0,
        owner,
        special: this.special,
      });
    });
  }

  /** A read-only root still takes a copy into a writable volume or bind (when we can see it). */
  private onWritableMount(record: ContainerRecord, access: RootAccess, target: string): boolean {
    if (!access.withMounts) return false;
    const inContainer = containerPathOf(access.root, target);
    const mount = record.mounts
      .filter(
        (candidate) =>
          inContainer === candidate.Destination ||
          inContainer.startsWith(`${posix.join(candidate.Destination, '/')}`),
      )
      .sort((a, b) => b.Destination.length - a.Destination.length)[0];
    return mount?.RW === true;
  }

  /** `copyUIDGID`: files belong to the container's user, as dockerd does (the archive's ids without one). */
  private async containerUser(
    record: ContainerRecord,
    root: string,
  ): Promise<{ uid: number; gid: number } | undefined> {
    const user = record.config.User;
    if (user === '') return undefined;
    const [passwd, group] = await Promise.all([
      readRootfsFile(root, '/etc/passwd'),
      readRootfsFile(root, '/etc/group'),
    ]);
    try {
      const resolved = resolveUser(user, [], passwd, group);
      return { uid: resolved.uid, gid: resolved.gid };
    } catch (error) {
      throw new EngineApiError(400, (error as Error).message, { cause: error });
    }
  }
}
