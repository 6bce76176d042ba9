/**
 * The names one network's DNS server answers: each container registers the
 * names it answers to (service name, aliases, container name, hostname, short
 * id) with its address; a name several containers answer to (a scaled
 * service) resolves to all their addresses, in a stable order.
 */
import type { NameRecord } from '../../ports.js';

interface Registration {
  readonly names: readonly string[];
  readonly address: string;
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < 4; index += 1) {
    const diff = (pa[index] ?? 0) - (pb[index] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.localeCompare(b);
}

export class NameTable {
  private readonly byContainer = new Map<string, Registration>();

  /** Replaces what `containerId` answers to; no names (or no address) removes it. */
  set(containerId: string, names: readonly string[], address: string): void {
    const cleaned = [...new Set(names.filter((name) => name !== ''))];
    if (cleaned.length === 0 || address === '') this.byContainer.delete(containerId);
    else this.byContainer.set(containerId, { names: cleaned, address });
  }

  remove(containerId: string): boolean {
    return this.byContainer.delete(containerId);
  }

  has(containerId: string): boolean {
    return this.byContainer.has(containerId);
  }

  /** One record per name, addresses sorted numerically; names sorted. */
  records(): NameRecord[] {
    const addresses = new Map<string, Set<string>>();
    for (const { names, address } of this.byContainer.values()) {
      for (const name of names) {
        const set = addresses.get(name) ?? new Set<string>();
        set.add(address);
        addresses.set(name, set);
      }
    }
    return [...addresses.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, set]) => ({ name, addresses: [...set].sort(compareAddresses) }));
  }
}
