/**
 * The names one network answers: name → addresses and address → name, built
 * from the NameRecord list the daemon core hands over. Pure.
 *
 * Lookups ignore ASCII case and a trailing dot, and strip a search domain
 * (`web.corp.example` → `web` when `corp.example` is searched) because a
 * container's resolver appends the host's search domains before or after
 * trying the bare name. Several addresses rotate between lookups (round
 * robin, like Docker's embedded DNS for `scale > 1`).
 */
import { isIPv4 } from 'node:net';
import type { NameRecord } from '../ports.js';
import { canonicalAddress } from './addresses.js';
import { nameKey } from './names.js';

export class NameTable {
  private readonly byName = new Map<string, string[]>();
  private readonly byAddress = new Map<string, { name: string; shared: number }>();
  private readonly turns = new Map<string, number>();

  constructor(records: readonly NameRecord[]) {
    for (const record of records) {
      const key = nameKey(record.name.trim());
      if (key === '') continue;
      const addresses = this.byName.get(key) ?? [];
      for (const raw of record.addresses) {
        const address = canonicalAddress(raw.trim());
        if (address !== undefined && !addresses.includes(address)) addresses.push(address);
      }
      this.byName.set(key, addresses);
    }
    // PTR: an address answers with the most specific name that holds it, i.e.
    // the one with the fewest addresses (a container name or hostname rather
    // than a scaled service name); the first given wins a tie.
    for (const [name, addresses] of this.byName) {
      for (const address of addresses) {
        const known = this.byAddress.get(address);
        if (known === undefined || addresses.length < known.shared) {
          this.byAddress.set(address, { name, shared: addresses.length });
        }
      }
    }
  }

  get size(): number {
    return this.byName.size;
  }

  /** The key under which `name` is known, trying it as is and then without each search domain. */
  private resolveKey(name: string, searchDomains: readonly string[]): string | undefined {
    const key = nameKey(name);
    if (this.byName.has(key)) return key;
    for (const domain of searchDomains) {
      const suffix = `.${nameKey(domain)}`;
      if (suffix === '.' || !key.endsWith(suffix)) continue;
      const bare = key.slice(0, -suffix.length);
      if (this.byName.has(bare)) return bare;
    }
    return undefined;
  }

  /**
   * The addresses of `name`, IPv4 first, each family rotated by one each call
   * (so A answers rotate evenly whatever the IPv6 addresses are), or undefined
   * when the network does not know the name.
   */
  lookup(name: string, searchDomains: readonly string[] = []): string[] | undefined {
    const key = this.resolveKey(name, searchDomains);
    if (key === undefined) return undefined;
    const addresses = this.byName.get(key) as string[];
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, (turn + 1) % 0x7fffffff);
    const rotate = (list: string[]): string[] => {
      const by = list.length === 0 ? 0 : turn % list.length;
      return [...list.slice(by), ...list.slice(0, by)];
    };
    return [
      ...rotate(addresses.filter((address) => isIPv4(address))),
      ...rotate(addresses.filter((address) => !isIPv4(address))),
    ];
  }

  /** The name that answers a reverse lookup of `address`. */
  nameOf(address: string): string | undefined {
    const canonical = canonicalAddress(address);
    return canonical === undefined ? undefined : this.byAddress.get(canonical)?.name;
  }
}
