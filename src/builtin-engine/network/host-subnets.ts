/**
 * IPv4 subnets already in use on the host, so IPAM never hands out a subnet
 * that would shadow a route: the main routing table (`ip -j -4 route`) and
 * every interface address (`ip -j -4 addr`), which covers Docker's docker0
 * and br-* bridges also when they are down and have no route. The default
 * route is left out (it "overlaps" everything). Parsing is pure.
 */
import { runTool } from './exec.js';
import { compareCidrs, formatCidr, canonicalCidr, isCidr, isIPv4, parseCidr } from './ipv4.js';

interface RouteEntry {
  readonly dst?: unknown;
}

interface AddrEntry {
  readonly addr_info?: ReadonlyArray<{ family?: unknown; local?: unknown; prefixlen?: unknown }>;
}

function asArray(json: string): unknown[] {
  const value: unknown = JSON.parse(json.trim() === '' ? '[]' : json);
  return Array.isArray(value) ? value : [];
}

/** Canonical `a.b.c.d/n` strings, sorted by address, duplicates removed. */
export function parseHostSubnets(routeJson: string, addrJson: string): string[] {
  const found: string[] = [];
  for (const route of asArray(routeJson) as RouteEntry[]) {
    if (typeof route.dst !== 'string' || route.dst === 'default') continue;
    if (isCidr(route.dst)) found.push(route.dst);
    else if (isIPv4(route.dst)) found.push(`${route.dst}/32`);
  }
  for (const link of asArray(addrJson) as AddrEntry[]) {
    for (const info of link.addr_info ?? []) {
      if (info.family !== 'inet' || typeof info.local !== 'string') continue;
      if (typeof info.prefixlen !== 'number') continue;
      const text = `${info.local}/${info.prefixlen}`;
      if (isCidr(text)) found.push(text);
    }
  }
  const unique = new Map(
    found.map((text) => {
      const cidr = canonicalCidr(parseCidr(text));
      return [formatCidr(cidr), cidr] as const;
    }),
  );
  return [...unique.values()].sort(compareCidrs).map(formatCidr);
}

export async function readHostSubnets(): Promise<string[]> {
  const [routes, addresses] = await Promise.all([
    runTool('ip', ['-j', '-4', 'route', 'show', 'table', 'main']),
    runTool('ip', ['-j', '-4', 'addr', 'show']),
  ]);
  return parseHostSubnets(routes.stdout, addresses.stdout);
}
