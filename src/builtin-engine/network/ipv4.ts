/**
 * IPv4 addresses and CIDR blocks as unsigned 32-bit integers: parsing,
 * formatting and the set arithmetic IPAM and the network driver need. Pure.
 *
 * Parsing is strict like Go's net.ParseIP since Go 1.17 (what the Docker
 * Engine uses): four decimal octets, no leading zeros (they would read as
 * octal to inet_aton and so mean a different address), no spaces.
 */

/** An address and a prefix length; `address` is kept as written (see `canonicalCidr`). */
export interface Cidr {
  readonly address: number;
  readonly prefixLength: number;
}

export class Ipv4FormatError extends Error {
  override readonly name = 'Ipv4FormatError';

  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid IPv4 ${reason}: ${JSON.stringify(input)}`);
  }
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const PREFIX = /^(0|[1-9][0-9]?)$/;

function octets(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    values.push(value);
  }
  return values;
}

export function isIPv4(text: string): boolean {
  return octets(text) !== undefined;
}

/** `10.0.0.1` → 167772161. */
export function parseIPv4(text: string): number {
  const values = octets(text);
  if (values === undefined) throw new Ipv4FormatError(text, 'address');
  return values.reduce((sum, value) => sum * 256 + value, 0);
}

function checkAddress(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`not an IPv4 address value: ${value}`);
  }
}

function checkPrefix(prefixLength: number): void {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    throw new RangeError(`not an IPv4 prefix length: ${prefixLength}`);
  }
}

/** 167772161 → `10.0.0.1`. */
export function formatIPv4(value: number): string {
  checkAddress(value);
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** The netmask of a prefix length as an unsigned integer (/24 → 0xffffff00). */
export function prefixMask(prefixLength: number): number {
  checkPrefix(prefixLength);
  // `x << 32` is `x` in JavaScript, hence the special case.
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** `255.255.240.0` (or its integer) → 20; throws for a non-contiguous mask. */
export function prefixLengthOfMask(mask: string | number): number {
  const value = typeof mask === 'string' ? parseIPv4(mask) : mask;
  checkAddress(value);
  const inverted = ~value >>> 0;
  // A contiguous mask's complement is 2^k - 1: adding one leaves no bit shared.
  if ((inverted & (inverted + 1)) !== 0) {
    throw new Ipv4FormatError(String(mask), 'netmask (not contiguous)');
  }
  return 32 - Math.log2(inverted + 1);
}

/** `10.1.2.3/24` → { address: 10.1.2.3, prefixLength: 24 }. A bare address is refused. */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  if (slash < 0) throw new Ipv4FormatError(text, 'CIDR (no prefix length)');
  const prefix = text.slice(slash + 1);
  if (!PREFIX.test(prefix) || Number(prefix) > 32) {
    throw new Ipv4FormatError(text, 'CIDR (bad prefix length)');
  }
  const values = octets(text.slice(0, slash));
  if (values === undefined) throw new Ipv4FormatError(text, 'CIDR (bad address)');
  return {
    address: values.reduce((sum, value) => sum * 256 + value, 0),
    prefixLength: Number(prefix),
  };
}

export function isCidr(text: string): boolean {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
}

export function formatCidr(cidr: Cidr): string {
  checkPrefix(cidr.prefixLength);
  return `${formatIPv4(cidr.address)}/${cidr.prefixLength}`;
}

/** The first address of the block. */
export function cidrNetwork(cidr: Cidr): number {
  return (cidr.address & prefixMask(cidr.prefixLength)) >>> 0;
}

/** The last address of the block. */
export function cidrBroadcast(cidr: Cidr): number {
  return (cidrNetwork(cidr) | ~prefixMask(cidr.prefixLength)) >>> 0;
}

/** Number of addresses in the block (2^(32 - prefix)). */
export function cidrSize(cidr: Cidr): number {
  checkPrefix(cidr.prefixLength);
  return 2 ** (32 - cidr.prefixLength);
}

/** The block with its host bits cleared: 10.1.2.3/24 → 10.1.2.0/24. */
export function canonicalCidr(cidr: Cidr): Cidr {
  return { address: cidrNetwork(cidr), prefixLength: cidr.prefixLength };
}

export function isCanonicalCidr(cidr: Cidr): boolean {
  return cidrNetwork(cidr) === cidr.address;
}

/** `10.1.2.3/24` → `10.1.2.0/24`. */
export function normalizeCidr(text: string): string {
  return formatCidr(canonicalCidr(parseCidr(text)));
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  checkAddress(address);
  const mask = prefixMask(cidr.prefixLength);
  return (address & mask) >>> 0 === (cidr.address & mask) >>> 0;
}

/** Whether every address of `inner` is in `outer`. */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength && cidrContains(outer, inner.address);
}

/** Whether the two blocks share any address (one then contains the other). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContainsCidr(a, b) || cidrContainsCidr(b, a);
}

/**
 * The addresses a host on the block may use: without the network and
 * broadcast addresses, except for /31 (point-to-point, RFC 3021) and /32.
 */
export function usableRange(cidr: Cidr): { first: number; last: number } {
  const network = cidrNetwork(cidr);
  const broadcast = cidrBroadcast(cidr);
  if (cidr.prefixLength >= 31) return { first: network, last: broadcast };
  return { first: network + 1, last: broadcast - 1 };
}

/** The address `offset` places after the block's network address; throws past its end. */
export function addressAt(cidr: Cidr, offset: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset >= cidrSize(cidr)) {
    throw new RangeError(`offset ${offset} is outside ${formatCidr(canonicalCidr(cidr))}`);
  }
  return cidrNetwork(cidr) + offset;
}

/** Orders blocks by network address, then shorter prefix first. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  return cidrNetwork(a) - cidrNetwork(b) || a.prefixLength - b.prefixLength;
}
