/**
 * IP addresses as RDATA bytes and as reverse-lookup names (in-addr.arpa,
 * ip6.arpa). Pure. Addresses in answers are always printed in one canonical
 * form (RFC 5952 for IPv6) so that lookups by address compare strings.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { DnsFormatError } from './errors.js';

export function ipv4Bytes(address: string): Buffer {
  if (!isIPv4(address)) throw new DnsFormatError(`not an IPv4 address: ${address}`);
  return Buffer.from(address.split('.').map(Number));
}

export function ipv6Bytes(address: string): Buffer {
  // isIPv6 accepts an embedded IPv4 tail and zone ids; records never carry those.
  if (!isIPv6(address) || address.includes('.') || address.includes('%')) {
    throw new DnsFormatError(`not an IPv6 address: ${address}`);
  }
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  const groups = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

export function formatIPv4(bytes: Buffer): string {
  return Array.from(bytes).join('.');
}

export function formatIPv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push(bytes.readUInt16BE(index).toString(16));
  // Compress the longest run of two or more zero groups, the first if tied (RFC 5952).
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let end = start;
    while (end < 8 && groups[end] === '0') end++;
    if (end - start > bestLength) [bestStart, bestLength] = [start, end - start];
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** The address in canonical text, or undefined when `address` is not an IP address. */
export function canonicalAddress(address: string): string | undefined {
  try {
    if (isIPv4(address)) return formatIPv4(ipv4Bytes(address));
    return formatIPv6(ipv6Bytes(address));
  } catch {
    return undefined;
  }
}

/** `10.0.0.5` → `5.0.0.10.in-addr.arpa`; IPv6 → the nibble form under ip6.arpa. */
export function reverseName(address: string): string {
  if (isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = ipv6Bytes(address).toString('hex').split('').reverse();
  return `${nibbles.join('.')}.ip6.arpa`;
}

/** The address a reverse-lookup name stands for (lower-case name), or undefined. */
export function addressOfReverseName(name: string): string | undefined {
  const labels = name.toLowerCase().split('.');
  if (labels.length === 6 && name.toLowerCase().endsWith('.in-addr.arpa')) {
    const parts = labels.slice(0, 4).reverse();
    if (!parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) < 256)) {
      return undefined;
    }
    return parts.join('.');
  }
  if (labels.length === 34 && name.toLowerCase().endsWith('.ip6.arpa')) {
    const nibbles = labels.slice(0, 32).reverse();
    if (!nibbles.every((nibble) => /^[0-9a-f]$/.test(nibble))) return undefined;
    return formatIPv6(Buffer.from(nibbles.join(''), 'hex'));
  }
  return undefined;
}
