/**
 * Addresses for the IPAM rules (ipam.ts): IPv4 blocks as (network address,
 * prefix), parsing that answers `undefined` instead of throwing, and Docker's
 * MAC address for an endpoint.
 */
import {
  cidrBroadcast,
  cidrContains,
  cidrNetwork,
  cidrsOverlap,
  formatCidr,
  formatIPv4,
  isCidr,
  isIPv4,
  parseCidr as parseStrictCidr,
  parseIPv4,
} from '../../network/ipv4.js';

export interface Cidr {
  /** The network address (host bits cleared), as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

// The arithmetic is network/ipv4.ts's (strict like Go's parser, which the
// Engine uses); these adapters give the IPAM rules `undefined` instead of a
// thrown format error, and blocks as (network address, prefix).

export function parseIpv4(text: string): number | undefined {
  return isIPv4(text) ? parseIPv4(text) : undefined;
}

export const formatIpv4 = formatIPv4;

/** `10.1.2.3/24` → the address as written and the network it is in; undefined when malformed. */
export function parseCidr(text: string): { address: number; cidr: Cidr } | undefined {
  if (!isCidr(text)) return undefined;
  const parsed = parseStrictCidr(text);
  return {
    address: parsed.address,
    cidr: { base: cidrNetwork(parsed), prefix: parsed.prefixLength },
  };
}

const asBlock = (cidr: Cidr) => ({ address: cidr.base, prefixLength: cidr.prefix });

export function cidrText(cidr: Cidr): string {
  return formatCidr(asBlock(cidr));
}

export function lastOf(cidr: Cidr): number {
  return cidrBroadcast(asBlock(cidr));
}

export function contains(cidr: Cidr, address: number): boolean {
  return cidrContains(asBlock(cidr), address);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return cidrsOverlap(asBlock(a), asBlock(b));
}

/** Docker's MAC for an IPv4 endpoint: 02:42 and the address's four bytes (10.213.0.2 → 02:42:0a:d5:00:02). */
export function macFromAddress(address: string): string {
  const value = parseIpv4(address);
  if (value === undefined) throw new Error(`not an IPv4 address: ${address}`);
  const bytes = formatIpv4(value)
    .split('.')
    .map((byte) => Number(byte).toString(16).padStart(2, '0'));
  return ['02', '42', ...bytes].join(':');
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

export function isValidMac(mac: string): boolean {
  return MAC_RE.test(mac);
}
