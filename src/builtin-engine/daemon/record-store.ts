/**
 * The daemon's state on disk: one JSON file per object (container, network,
 * volume, exec) under a directory, written atomically (temp file + rename) so
 * a crash of the daemon at any point leaves either the old or the new record,
 * never half of one. State survives the daemon (issue 8): on start the core
 * loads every record and reconciles it with what the runtime reports.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SUFFIX = '.json';

export class RecordStore<T> {
  private ready: Promise<void> | undefined;

  /** `dir` holds only this store's files; keys must be file-name safe (ids, volume names). */
  constructor(private readonly dir: string) {}

  private async ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    await this.ready;
  }

  private path(key: string): string {
    if (key === '' || key.includes('/') || key.includes('\0') || key.startsWith('.')) {
      throw new Error(`invalid record key ${JSON.stringify(key)}`);
    }
    return join(this.dir, key + SUFFIX);
  }

  async put(key: string, record: T): Promise<void> {
    await this.ensureDir();
    const target = this.path(key);
    const temp = join(this.dir, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    await rename(temp, target);
  }

  async get(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Every record, with temp files of interrupted writes removed. */
  async all(): Promise<Array<{ key: string; record: T }>> {
    await this.ensureDir();
    const records: Array<{ key: string; record: T }> = [];
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        await rm(join(this.dir, name), { force: true });
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const key = name.slice(0, -SUFFIX.length);
      const record = await this.get(key);
      if (record !== undefined) records.push({ key, record });
    }
    return records;
  }
}
