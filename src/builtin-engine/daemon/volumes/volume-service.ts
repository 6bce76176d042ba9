/**
 * Volumes of the built-in engine's `local` driver: a directory per volume,
 * `<volumesDir>/<name>/_data`, bind-mounted into containers, and one record
 * per volume (its Engine inspect shape) in the daemon's state. The directory
 * is made before the record is written and removed after the record is
 * gone, so a crash leaves at most an unreferenced directory, never a record
 * without data.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import {
  EngineApiError,
  type ApiFilters,
  type VolumeMountSource,
  type VolumeService,
} from '../../ports.js';
import { RecordStore } from '../record-store.js';
import {
  ANONYMOUS_LABEL,
  bindDevice,
  checkDriver,
  checkVolumeName,
  createdAt,
  filterVolumes,
  inspectShape,
  pruneCandidates,
  type VolumeRecord,
} from './volume-record.js';

export interface LocalVolumeServiceOptions {
  /** Where volume data lives: `<volumesDir>/<name>/_data`. */
  readonly volumesDir: string;
  /** Directory of the volume records (the daemon's state dir + `/volumes`). */
  readonly stateDir: string;
  readonly now?: () => Date;
}

/** Bytes of regular files below `dir` (each inode once), for prune's SpaceReclaimed. */
async function diskUsage(dir: string, seen = new Set<string>()): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await diskUsage(path, seen);
    else if (entry.isFile()) {
      const stats = await lstat(path).catch(() => undefined);
      const key = stats === undefined ? path : `${stats.dev}:${stats.ino}`;
      if (stats !== undefined && !seen.has(key)) total += stats.size;
      seen.add(key);
    }
  }
  return total;
}

function formatIds(ids: readonly string[]): string {
  // Go's %v of a string slice, as the Engine prints it.
  return `[${ids.join(' ')}]`;
}

export class LocalVolumeService implements VolumeService {
  private readonly records: RecordStore<VolumeRecord>;
  private readonly now: () => Date;
  private loading: Promise<Map<string, VolumeRecord>> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private usedBy: (volumeName: string) => string[] = () => [];

  constructor(private readonly options: LocalVolumeServiceOptions) {
    this.records = new RecordStore<VolumeRecord>(options.stateDir);
    this.now = options.now ?? (() => new Date());
  }

  private volumes(): Promise<Map<string, VolumeRecord>> {
    this.loading ??= (async () => {
      const map = new Map<string, VolumeRecord>();
      for (const { record } of await this.records.all()) map.set(record.Name, record);
      return map;
    })();
    this.loading.catch(() => (this.loading = undefined));
    return this.loading;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const step = this.queue.then(work);
    this.queue = step.catch(() => undefined);
    return step;
  }

  private dataDir(name: string): string {
    return join(this.options.volumesDir, name, '_data');
  }

  private async get(name: string): Promise<VolumeRecord> {
    const record = (await this.volumes()).get(name);
    if (record === undefined) throw new EngineApiError(404, `get ${name}: no such volume`);
    return record;
  }

  /** Creates the volume unless it exists (then the existing one is returned unchanged, as Docker does). */
  private async create(
    name: string,
    labels: Readonly<Record<string, string>> | null,
    driverOptions: Readonly<Record<string, string>> | null,
  ): Promise<{ record: VolumeRecord; created: boolean }> {
    return this.serialize(async () => {
      const map = await this.volumes();
      const existing = map.get(name);
      if (existing !== undefined) return { record: existing, created: false };
      const mountpoint = this.dataDir(name);
      await mkdir(mountpoint, { recursive: true, mode: 0o755 });
      const record: VolumeRecord = {
        Name: name,
        Driver: 'local',
        Mountpoint: mountpoint,
        CreatedAt: createdAt(this.now()),
        Labels: labels === null ? null : { ...labels },
        Options: driverOptions === null ? null : { ...driverOptions },
        Scope: 'local',
      };
      await this.records.put(name, record);
      map.set(name, record);
      return { record, created: true };
    });
  }

  async createVolume(body: Dockerode.VolumeCreateOptions): Promise<Dockerode.VolumeInspectInfo> {
    if (typeof body !== 'object' || body === null) {
      throw new EngineApiError(400, 'the volume create body must be a JSON object');
    }
    const name = body.Name === undefined || body.Name === '' ? anonymousName() : body.Name;
    checkVolumeName(name);
    checkDriver(name, body.Driver);
    const options = body.DriverOpts ?? null;
    bindDevice(name, options);
    const { record } = await this.create(name, body.Labels ?? null, options);
    return inspectShape(record);
  }

  async inspectVolume(name: string): Promise<Dockerode.VolumeInspectInfo> {
    return inspectShape(await this.get(name));
  }

  async listVolumes(
    filters: ApiFilters,
  ): Promise<{ Volumes: Dockerode.VolumeInspectInfo[]; Warnings: string[] }> {
    const records = [...(await this.volumes()).values()].sort((a, b) =>
      a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0,
    );
    const shown = filterVolumes(records, filters, this.usedBy);
    return { Volumes: shown.map(inspectShape), Warnings: [] };
  }

  async removeVolume(name: string, options: { force: boolean }): Promise<void> {
    await this.serialize(async () => {
      const map = await this.volumes();
      if (!map.has(name)) {
        if (options.force) return;
        throw new EngineApiError(404, `get ${name}: no such volume`);
      }
      // In use is a conflict even with force, as on Docker.
      const users = this.usedBy(name);
      if (users.length > 0) {
        throw new EngineApiError(409, `remove ${name}: volume is in use - ${formatIds(users)}`);
      }
      await this.records.remove(name);
      map.delete(name);
      await rm(join(this.options.volumesDir, name), { recursive: true, force: true });
    });
  }

  async pruneVolumes(
    filters: ApiFilters,
  ): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }> {
    const records = [...(await this.volumes()).values()];
    const candidates = pruneCandidates(records, filters, this.usedBy);
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const record of candidates) {
      // A bind volume's data is the user's directory: never counted, never deleted.
      const size =
        bindDevice(record.Name, record.Options) === undefined
          ? await diskUsage(this.dataDir(record.Name))
          : 0;
      try {
        await this.removeVolume(record.Name, { force: false });
      } catch (error) {
        if (error instanceof EngineApiError && error.status === 409) continue;
        throw error;
      }
      deleted.push(record.Name);
      reclaimed += size;
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: reclaimed };
  }

  async ensure(
    name: string | undefined,
    options: { labels?: Record<string, string>; anonymous?: boolean } = {},
  ): Promise<VolumeMountSource> {
    const anonymous = name === undefined || options.anonymous === true;
    const volumeName = name ?? anonymousName();
    checkVolumeName(volumeName);
    const labels: Record<string, string> | null =
      anonymous || options.labels !== undefined
        ? { ...(anonymous ? { [ANONYMOUS_LABEL]: '' } : {}), ...options.labels }
        : null;
    const { record, created } = await this.create(volumeName, labels, null);
    const device = bindDevice(record.Name, record.Options);
    return { name: record.Name, hostPath: device ?? record.Mountpoint, created };
  }

  setInUseCheck(check: (volumeName: string) => string[]): void {
    this.usedBy = check;
  }
}

function anonymousName(): string {
  return randomBytes(32).toString('hex');
}
