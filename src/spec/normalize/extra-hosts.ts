import type { KeyPath } from '../key-path.js';
import { isMapping } from '../raw.js';
import { reportError, type NormalizeContext } from './context.js';
import type { ExtraHost } from '../model.js';

function stripBrackets(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

/**
 * One `extra_hosts` list item: split on the first `=` (preferred), else the first
 * `:` (so `myhostv6:::1` keeps `::1`); the IP part may list several IPs.
 */
export function parseExtraHost(item: string): ExtraHost[] {
  const equals = item.indexOf('=');
  const separator = equals >= 0 ? equals : item.indexOf(':');
  if (separator < 0) throw new Error(`invalid additional host, missing IP: ${item}`);
  const host = item.slice(0, separator);
  const ips = item.slice(separator + 1).split(',');
  return ips.map((ip) => ({ host, ip: stripBrackets(ip.trim()) }));
}

/** `extra_hosts` as a list or a map (`host: ip` or `host: [ip1, ip2]`) → host/ip pairs, in order. */
export function extraHostsToPairs(
  value: unknown,
  path: KeyPath,
  context: NormalizeContext,
): ExtraHost[] {
  const pairs: ExtraHost[] = [];
  if (isMapping(value)) {
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips])
        pairs.push({ host, ip: stripBrackets(String(ip)) });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      try {
        pairs.push(...parseExtraHost(String(item)));
      } catch (error) {
        reportError(context, [...path, index], 'extra-hosts.invalid', (error as Error).message);
      }
    });
  }
  return pairs;
}
