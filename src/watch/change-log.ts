/**
 * What each container has been sent. Every recorded change gets a sequence
 * number; a container remembers the number up to which it got everything. A
 * container that was stopped during a batch, or created afterwards (recreated,
 * scaled up), is then given exactly what it missed when it starts
 * (docker/compose#12592), and a failed sync is retried with the next one.
 * Pure bookkeeping, no I/O.
 */
import type { SyncItem } from './tar.js';

interface Recorded {
  readonly item: SyncItem;
  readonly seq: number;
}

export interface Pending {
  readonly items: readonly SyncItem[];
  /** The point the container is at: containers at the same point need the same items. */
  readonly since: number;
  /** Mark the container synced up to here once these items arrived. */
  readonly upTo: number;
}

export class ChangeLog {
  private seq = 0;
  /** service → container path → latest change. */
  private readonly changes = new Map<string, Map<string, Recorded>>();
  /** container id → everything up to this sequence number arrived. */
  private readonly synced = new Map<string, number>();

  /** Containers that exist when watching starts count as up to date (nothing before is known). */
  baseline(containerId: string): void {
    if (!this.synced.has(containerId)) this.synced.set(containerId, this.seq);
  }

  /** Records changed items of a service; returns their sequence number. */
  record(service: string, items: readonly SyncItem[]): number {
    if (items.length === 0) return this.seq;
    const seq = ++this.seq;
    let byPath = this.changes.get(service);
    if (!byPath) {
      byPath = new Map();
      this.changes.set(service, byPath);
    }
    for (const item of items) {
      // Re-inserted so the map stays in change order (older changes first in the tar).
      byPath.delete(item.containerPath);
      byPath.set(item.containerPath, { item, seq });
    }
    return seq;
  }

  /** What a container of the service has not got yet; a container never seen gets every change since watching began. */
  pending(service: string, containerId: string): Pending {
    const since = this.synced.get(containerId) ?? 0;
    const items: SyncItem[] = [];
    for (const recorded of this.changes.get(service)?.values() ?? [])
      if (recorded.seq > since) items.push(recorded.item);
    return { items, since, upTo: this.seq };
  }

  markSynced(containerId: string, upTo: number): void {
    this.synced.set(containerId, Math.max(upTo, this.synced.get(containerId) ?? 0));
  }

  /** A removed container needs no bookkeeping any more. */
  forget(containerId: string): void {
    this.synced.delete(containerId);
  }
}
