import { describe, expect, it } from 'vitest';
import {
  Ipv4FormatError,
  addressAt,
  canonicalCidr,
  cidrBroadcast,
  cidrContains,
  cidrContainsCidr,
  cidrNetwork,
  cidrSize,
  cidrsOverlap,
  compareCidrs,
  formatCidr,
  formatIPv4,
  isCanonicalCidr,
  isCidr,
  isIPv4,
  normalizeCidr,
  parseCidr,
  parseIPv4,
  prefixLengthOfMask,
  prefixMask,
  usableRange,
} from '../../../src/builtin-engine/network/ipv4.js';

const c = parseCidr;

describe('parseIPv4 / formatIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['0.0.0.1', 1],
    ['0.0.1.0', 256],
    ['10.0.0.1', 167772161],
    ['127.0.0.1', 0x7f000001],
    ['172.17.0.1', 0xac110001],
    ['192.168.255.255', 0xc0a8ffff],
    ['255.255.255.255', 0xffffffff],
    ['128.0.0.0', 0x80000000],
  ])('%s ↔ %d', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
    expect(formatIPv4(value)).toBe(text);
    expect(isIPv4(text)).toBe(true);
  });

  it('round-trips across the whole range', () => {
    for (let value = 0; value <= 0xffffffff; value += 0x01010101 * 3 + 7) {
      expect(parseIPv4(formatIPv4(value))).toBe(value);
    }
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '1.2.3.999',
    '01.2.3.4',
    '1.2.3.04',
    '00.0.0.0',
    '1.2.3.-4',
    '+1.2.3.4',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1..3.4',
    '1.2.3.4/24',
    'a.b.c.d',
    '0x1.2.3.4',
    '1e2.0.0.0',
    '::1',
    '1.2.3.',
  ])('refuses %j', (text) => {
    expect(isIPv4(text)).toBe(false);
    expect(() => parseIPv4(text)).toThrow(Ipv4FormatError);
  });

  it('names the input in the error', () => {
    expect(() => parseIPv4('1.2.3.256')).toThrow('invalid IPv4 address: "1.2.3.256"');
  });

  it.each([-1, 0x100000000, 1.5, Number.NaN])('formatIPv4 refuses %d', (value) => {
    expect(() => formatIPv4(value)).toThrow(RangeError);
  });
});

describe('prefix masks', () => {
  it('prefixMask for every length', () => {
    for (let length = 0; length <= 32; length++) {
      const expected =
        length === 0 ? 0 : Number((0xffffffffn << BigInt(32 - length)) & 0xffffffffn);
      expect(prefixMask(length)).toBe(expected);
      expect(prefixLengthOfMask(prefixMask(length))).toBe(length);
      expect(prefixLengthOfMask(formatIPv4(prefixMask(length)))).toBe(length);
    }
    expect(prefixMask(24)).toBe(0xffffff00);
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(32)).toBe(0xffffffff);
  });

  it.each([-1, 33, 1.5])('prefixMask refuses %d', (length) => {
    expect(() => prefixMask(length)).toThrow(RangeError);
  });

  it.each(['255.0.255.0', '0.255.255.255', '255.255.255.254x', '255.255.253.0', '1.0.0.0'])(
    'prefixLengthOfMask refuses %j',
    (mask) => {
      expect(() => prefixLengthOfMask(mask)).toThrow(Ipv4FormatError);
    },
  );
});

describe('parseCidr / formatCidr', () => {
  it('keeps the address as written', () => {
    expect(c('10.1.2.3/24')).toEqual({ address: parseIPv4('10.1.2.3'), prefixLength: 24 });
    expect(formatCidr(c('10.1.2.3/24'))).toBe('10.1.2.3/24');
    expect(isCanonicalCidr(c('10.1.2.3/24'))).toBe(false);
    expect(isCanonicalCidr(c('10.1.2.0/24'))).toBe(true);
  });

  it.each([
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['1.2.3.4/0', '0.0.0.0/0'],
    ['10.213.7.9/24', '10.213.7.0/24'],
    ['172.31.255.255/12', '172.16.0.0/12'],
    ['192.168.1.1/32', '192.168.1.1/32'],
    ['192.168.1.1/31', '192.168.1.0/31'],
    ['255.255.255.255/1', '128.0.0.0/1'],
  ])('normalizes %s to %s', (input, output) => {
    expect(normalizeCidr(input)).toBe(output);
    expect(formatCidr(canonicalCidr(c(input)))).toBe(output);
  });

  it.each([
    '',
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/024',
    '10.0.0.0/8/8',
    '10.0.0/8',
    '/8',
    '10.0.0.0/ 8',
    '10.0.0.0/8 ',
    '10.0.0.0/x',
    '010.0.0.0/8',
  ])('refuses %j', (text) => {
    expect(isCidr(text)).toBe(false);
    expect(() => parseCidr(text)).toThrow(Ipv4FormatError);
  });
});

describe('block arithmetic', () => {
  it('network, broadcast and size', () => {
    const block = c('10.213.7.77/24');
    expect(formatIPv4(cidrNetwork(block))).toBe('10.213.7.0');
    expect(formatIPv4(cidrBroadcast(block))).toBe('10.213.7.255');
    expect(cidrSize(block)).toBe(256);
    expect(cidrSize(c('0.0.0.0/0'))).toBe(2 ** 32);
    expect(cidrSize(c('1.2.3.4/32'))).toBe(1);
    expect(formatIPv4(cidrBroadcast(c('0.0.0.0/0')))).toBe('255.255.255.255');
    expect(formatIPv4(cidrNetwork(c('255.255.255.255/32')))).toBe('255.255.255.255');
  });

  it('usable range: without network and broadcast, except /31 and /32', () => {
    const range = (text: string) => {
      const { first, last } = usableRange(c(text));
      return [formatIPv4(first), formatIPv4(last)];
    };
    expect(range('10.0.0.0/24')).toEqual(['10.0.0.1', '10.0.0.254']);
    expect(range('10.0.0.0/30')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(range('10.0.0.0/31')).toEqual(['10.0.0.0', '10.0.0.1']);
    expect(range('10.0.0.7/32')).toEqual(['10.0.0.7', '10.0.0.7']);
    expect(range('0.0.0.0/0')).toEqual(['0.0.0.1', '255.255.255.254']);
  });

  it('addressAt counts from the network address and stops at the end', () => {
    expect(formatIPv4(addressAt(c('10.0.1.9/24'), 0))).toBe('10.0.1.0');
    expect(formatIPv4(addressAt(c('10.0.1.9/24'), 2))).toBe('10.0.1.2');
    expect(formatIPv4(addressAt(c('10.0.1.9/24'), 255))).toBe('10.0.1.255');
    expect(() => addressAt(c('10.0.1.0/24'), 256)).toThrow('offset 256 is outside 10.0.1.0/24');
    expect(() => addressAt(c('10.0.1.0/24'), -1)).toThrow(RangeError);
    expect(formatIPv4(addressAt(c('0.0.0.0/0'), 0xffffffff))).toBe('255.255.255.255');
  });

  it('contains', () => {
    const block = c('10.213.0.0/16');
    expect(cidrContains(block, parseIPv4('10.213.0.0'))).toBe(true);
    expect(cidrContains(block, parseIPv4('10.213.255.255'))).toBe(true);
    expect(cidrContains(block, parseIPv4('10.212.255.255'))).toBe(false);
    expect(cidrContains(block, parseIPv4('10.214.0.0'))).toBe(false);
    expect(cidrContains(c('0.0.0.0/0'), parseIPv4('255.255.255.255'))).toBe(true);
    expect(cidrContains(c('10.0.0.5/32'), parseIPv4('10.0.0.5'))).toBe(true);
    expect(cidrContains(c('10.0.0.5/32'), parseIPv4('10.0.0.4'))).toBe(false);
    // The host bits of the block as written do not matter.
    expect(cidrContains(c('10.213.9.9/16'), parseIPv4('10.213.0.1'))).toBe(true);
    expect(() => cidrContains(block, -1)).toThrow(RangeError);
  });

  it('contains a block, overlaps', () => {
    const cases: Array<[string, string, boolean, boolean]> = [
      // outer, inner, outer ⊇ inner, overlap
      ['10.0.0.0/8', '10.213.0.0/16', true, true],
      ['10.213.0.0/16', '10.0.0.0/8', false, true],
      ['10.213.0.0/16', '10.213.0.0/16', true, true],
      ['10.213.0.0/16', '10.214.0.0/16', false, false],
      ['172.16.0.0/12', '172.32.0.0/16', false, false],
      ['172.16.0.0/12', '172.31.255.0/24', true, true],
      ['0.0.0.0/0', '1.2.3.4/32', true, true],
      ['1.2.3.4/32', '1.2.3.5/32', false, false],
      ['192.168.0.0/23', '192.168.1.0/24', true, true],
      ['192.168.1.0/24', '192.168.0.0/23', false, true],
      ['192.168.2.0/24', '192.168.0.0/23', false, false],
    ];
    for (const [outer, inner, contains, overlaps] of cases) {
      expect(cidrContainsCidr(c(outer), c(inner)), `${outer} ⊇ ${inner}`).toBe(contains);
      expect(cidrsOverlap(c(outer), c(inner)), `${outer} ∩ ${inner}`).toBe(overlaps);
      expect(cidrsOverlap(c(inner), c(outer)), `${inner} ∩ ${outer}`).toBe(overlaps);
    }
  });

  it('overlap agrees with brute force on small blocks', () => {
    const blocks: string[] = [];
    for (let prefix = 28; prefix <= 32; prefix++) {
      for (let offset = 0; offset < 32; offset += 2 ** (32 - prefix)) {
        blocks.push(`10.0.0.${offset}/${prefix}`);
      }
    }
    const members = (text: string) => {
      const block = c(text);
      const set = new Set<number>();
      for (let a = cidrNetwork(block); a <= cidrBroadcast(block); a++) set.add(a);
      return set;
    };
    for (const a of blocks) {
      for (const b of blocks) {
        const ma = members(a);
        const mb = members(b);
        const shared = [...ma].some((address) => mb.has(address));
        const subset = [...mb].every((address) => ma.has(address));
        expect(cidrsOverlap(c(a), c(b)), `${a} ∩ ${b}`).toBe(shared);
        expect(cidrContainsCidr(c(a), c(b)), `${a} ⊇ ${b}`).toBe(subset);
      }
    }
  });

  it('orders blocks by address, then by prefix length', () => {
    const sorted = ['10.1.0.0/16', '10.0.0.0/8', '9.0.0.0/8', '10.0.0.0/16', '10.1.0.0/24']
      .map(c)
      .sort(compareCidrs)
      .map(formatCidr);
    expect(sorted).toEqual([
      '9.0.0.0/8',
      '10.0.0.0/8',
      '10.0.0.0/16',
      '10.1.0.0/16',
      '10.1.0.0/24',
    ]);
  });
});
