/**
 * The containers the daemon knows, in memory and on disk: records by id, the
 * name index, reference resolution, and a per-container lock so that start,
 * stop and remove of one container never interleave. Internal notifications
 * (`exit`, `start`, `removed`) let waiters and streams follow a container.
 */
import { EventEmitter } from 'node:events';
import { RecordStore } from '../record-store.js';
import { nameConflict, noSuchContainer, resolveReference } from './names.js';
import type { ContainerRecord } from './record.js';

export interface ExitNotice {
  readonly id: string;
  readonly exitCode: number;
  readonly error: string;
  /** True when no restart follows (the container is now stopped for good). */
  readonly final: boolean;
}

export class ContainerRegistry {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly idByName = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** 'exit' (ExitNotice), 'start' (id), 'removed' (ExitNotice). */
  readonly notices = new EventEmitter();

  constructor(private readonly store: RecordStore<ContainerRecord>) {
    this.notices.setMaxListeners(0);
  }

  async load(): Promise<ContainerRecord[]> {
    for (const { record } of await this.store.all()) this.add(record);
    return [...this.records.values()];
  }

  add(record: ContainerRecord): void {
    const holder = this.idByName.get(record.name);
    if (holder !== undefined && holder !== record.id) throw nameConflict(record.name, holder);
    this.records.set(record.id, record);
    this.idByName.set(record.name, record.id);
  }

  all(): ContainerRecord[] {
    return [...this.records.values()];
  }

  byId(id: string): ContainerRecord | undefined {
    return this.records.get(id);
  }

  /** Full id, name (with or without '/'), or unique id prefix; 404 with Docker's message. */
  resolve(ref: string): ContainerRecord {
    const id = resolveReference(ref, this.records.keys(), this.idByName);
    const record = this.records.get(id);
    if (record === undefined) throw noSuchContainer(ref);
    return record;
  }

  nameTaken(name: string): boolean {
    return this.idByName.has(name);
  }

  /** 409 with Docker's message when another container has the name. */
  checkName(name: string, self?: string): void {
    const holder = this.idByName.get(name);
    if (holder !== undefined && holder !== self) throw nameConflict(name, holder);
  }

  async rename(record: ContainerRecord, name: string): Promise<void> {
    this.checkName(name, record.id);
    this.idByName.delete(record.name);
    record.name = name;
    this.idByName.set(name, record.id);
    await this.save(record);
  }

  save(record: ContainerRecord): Promise<void> {
    return this.store.put(record.id, record);
  }

  async delete(record: ContainerRecord): Promise<void> {
    await this.store.remove(record.id);
    this.records.delete(record.id);
    if (this.idByName.get(record.name) === record.id) this.idByName.delete(record.name);
  }

  /** Runs `task` after every earlier task on the same container has settled. */
  withLock<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(task);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }
}
