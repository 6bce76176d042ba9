import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DnsFormatError,
  RecordType,
  addressOfReverseName,
  canonicalAddress,
  encodeMessage,
  encodeWithin,
  formatIPv6,
  ipv6Bytes,
  nameKey,
  nameLabels,
  parseHeader,
  parseMessage,
  readName,
  reverseName,
  type DnsMessage,
} from '../../../src/builtin-engine/dns/index.js';

const header = {
  id: 0x1234,
  qr: false,
  opcode: 0,
  aa: false,
  tc: false,
  rd: true,
  ra: false,
  rcode: 0,
};

function query(name: string, type: number = RecordType.A): DnsMessage {
  return {
    header,
    questions: [{ name, type, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
  };
}

function formatErrorOf(run: () => unknown): DnsFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof DnsFormatError) return error;
    throw error;
  }
  throw new Error('expected a DnsFormatError');
}

describe('header', () => {
  it('encodes every flag in its RFC 1035 bit', () => {
    const flags = { id: 0xbeef, qr: true, opcode: 2, aa: true, tc: true, rd: true, ra: true };
    const bytes = encodeMessage({ ...query('x'), header: { ...flags, rcode: 3 } });
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0xbe, 0xef, 0x97, 0x83]));
    expect(parseHeader(bytes)).toEqual({ ...flags, rcode: 3 });
  });

  it('refuses fewer than 12 bytes', () => {
    for (let length = 0; length < 12; length++) {
      expect(formatErrorOf(() => parseMessage(Buffer.alloc(length))).message).toMatch(/header/);
    }
  });
});

describe('a query on the wire', () => {
  it('matches the bytes a stub resolver sends', () => {
    const bytes = encodeMessage(query('web.example'));
    const expected = Buffer.concat([
      Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]),
      Buffer.from([3, ...Buffer.from('web'), 7, ...Buffer.from('example'), 0, 0, 1, 0, 1]),
    ]);
    expect(bytes).toEqual(expected);
    expect(parseMessage(bytes).questions).toEqual([{ name: 'web.example', type: 1, class: 1 }]);
  });

  it('accepts a trailing dot and the root name', () => {
    expect(encodeMessage(query('web.'))).toEqual(encodeMessage(query('web')));
    expect(parseMessage(encodeMessage(query(''))).questions[0]?.name).toBe('');
  });
});

describe('answers', () => {
  const response: DnsMessage = {
    header: { ...header, qr: true, aa: true, ra: true },
    questions: [{ name: 'Web.Net', type: RecordType.A, class: 1 }],
    answers: [
      { name: 'Web.Net', type: RecordType.A, class: 1, ttl: 0, data: '10.0.0.2' },
      { name: 'web.net', type: RecordType.AAAA, class: 1, ttl: 7, data: 'fd00::2' },
      { name: 'alias.web.net', type: RecordType.CNAME, class: 1, ttl: 60, data: 'web.net' },
      { name: '2.0.0.10.in-addr.arpa', type: RecordType.PTR, class: 1, ttl: 0, data: 'web.net' },
      { name: 'web.net', type: RecordType.TXT, class: 1, ttl: 1, data: Buffer.from('\x02hi') },
    ],
    authorities: [],
    additionals: [{ name: '', type: RecordType.OPT, class: 1232, ttl: 0, data: Buffer.alloc(0) }],
  };

  it('round-trips A, AAAA, CNAME, PTR, raw data and OPT', () => {
    expect(parseMessage(encodeMessage(response))).toEqual(response);
  });

  it('compresses repeated names with pointers, keeping their spelling', () => {
    const bytes = encodeMessage(response);
    // The first answer's name is a pointer to the question name at offset 12.
    const answerStart = 12 + 'Web.Net'.length + 2 + 4;
    expect(bytes.subarray(answerStart, answerStart + 2)).toEqual(Buffer.from([0xc0, 12]));
    const uncompressed = 12 + 9 + 4 + 5 * (9 + 10) + 100;
    expect(bytes.length).toBeLessThan(uncompressed);
  });

  it('follows compression pointers inside record data', () => {
    const message = parseMessage(encodeMessage(response));
    expect(message.answers[2]?.data).toBe('web.net');
  });

  /** A response to `x` with one hand-made record: type, then record data. */
  const withRecord = (type: number, rdata: number[]): Buffer =>
    Buffer.from([
      ...[0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
      ...[1, 0x78, 0, 0, 1, 0, 1], // question: x A IN
      ...[0xc0, 12, 0, type, 0, 1, 0, 0, 0, 0, 0, rdata.length, ...rdata],
    ]);

  it('reads hand-made records of every decoded type', () => {
    expect(parseMessage(withRecord(RecordType.A, [10, 0, 0, 1])).answers[0]?.data).toBe('10.0.0.1');
    const v6 = [0xfd, 0, ...Array<number>(13).fill(0), 1];
    expect(parseMessage(withRecord(RecordType.AAAA, v6)).answers[0]?.data).toBe('fd00::1');
    expect(parseMessage(withRecord(RecordType.CNAME, [1, 0x79, 0xc0, 12])).answers[0]?.data).toBe(
      'y.x',
    );
  });

  it.each([
    ['A data of 3 bytes', RecordType.A, [10, 0, 0], /A record data is not 4 bytes/],
    ['A data of 5 bytes', RecordType.A, [10, 0, 0, 1, 2], /A record data is not 4 bytes/],
    ['AAAA data of 4 bytes', RecordType.AAAA, [10, 0, 0, 1], /AAAA record data is not 16/],
    ['a CNAME with a byte after its name', RecordType.CNAME, [1, 0x79, 0, 0], /fill/],
    ['a PTR whose name runs past its data', RecordType.PTR, [3, 0x79], /past/],
  ])('refuses %s', (_, type, rdata, message) => {
    expect(formatErrorOf(() => parseMessage(withRecord(type, rdata))).message).toMatch(message);
  });

  it('refuses record data longer than the message', () => {
    const packet = withRecord(RecordType.A, [10, 0, 0, 1]);
    packet.writeUInt16BE(40, packet.length - 6);
    expect(formatErrorOf(() => parseMessage(packet)).message).toMatch(/record data/);
    expect(() => parseMessage(packet.subarray(0, packet.length - 8))).toThrow(/record header/);
  });

  it('refuses A records with text that is not an address', () => {
    const bad = { ...response, answers: [{ ...response.answers[0]!, data: '10.0.0.256' }] };
    expect(() => encodeMessage(bad)).toThrow(DnsFormatError);
    const badV6 = { ...response, answers: [{ ...response.answers[1]!, data: '1::2::3' }] };
    expect(() => encodeMessage(badV6)).toThrow(DnsFormatError);
  });
});

describe('malformed names', () => {
  const withName = (nameBytes: number[]): Buffer =>
    Buffer.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...nameBytes, 0, 1, 0, 1]);

  it.each([
    ['a pointer to itself', [0xc0, 12], /point back/],
    ['a forward pointer', [0xc0, 20], /point back/],
    ['a label running past the end', [40, 0x61], /past/],
    ['a missing terminator', [1, 0x61], /past|truncated/],
    ['the extended label type 0x40', [0x41, 0], /label type/],
    ['the reserved label type 0x80', [0x81, 0], /label type/],
  ])('refuses %s', (_, bytes, message) => {
    expect(formatErrorOf(() => parseMessage(withName(bytes))).message).toMatch(message);
  });

  it('refuses a loop between two pointers', () => {
    // Question name: label "a" then pointer to 12 (itself): not strictly backwards.
    const packet = withName([1, 0x61, 0xc0, 12]);
    expect(formatErrorOf(() => parseMessage(packet)).message).toMatch(/point back/);
  });

  it('refuses names over 255 bytes, also when built from pointers', () => {
    const label = [63, ...Array<number>(63).fill(0x61)];
    expect(() => parseMessage(withName([...label, ...label, ...label, ...label, 0]))).toThrow(
      /255/,
    );
    expect(() => nameLabels(`${'a'.repeat(63)}.`.repeat(4))).toThrow(/255/);
  });

  it('refuses a truncated question and counts larger than the content', () => {
    expect(() => parseMessage(withName([0]).subarray(0, 15))).toThrow(/question/);
    const packet = encodeMessage(query('x'));
    packet.writeUInt16BE(2, 6); // two answers that are not there
    expect(() => parseMessage(packet)).toThrow(DnsFormatError);
  });

  it('escapes label bytes a dotted name cannot carry, and round-trips them', () => {
    const packet = withName([3, 0x61, 0x2e, 0x62, 2, 0x5c, 0x07, 0]);
    const name = parseMessage(packet).questions[0]?.name;
    expect(name).toBe('a\\046b.\\092\\007');
    expect(encodeMessage(query(name!)).subarray(12, 12 + 8)).toEqual(
      Buffer.from([3, 0x61, 0x2e, 0x62, 2, 0x5c, 0x07, 0]),
    );
  });

  it('refuses empty and over-long labels when encoding', () => {
    expect(() => nameLabels('a..b')).toThrow(/empty label/);
    expect(() => nameLabels(`${'x'.repeat(64)}.y`)).toThrow(/63/);
    expect(nameLabels('x'.repeat(63))).toHaveLength(1);
  });

  it('readName reports where the name ends in place, not after the pointer target', () => {
    const packet = Buffer.concat([
      encodeMessage(query('web.net')),
      Buffer.from([1, 0x61, 0xc0, 12]),
    ]);
    const at = packet.length - 4;
    expect(readName(packet, at)).toEqual({ name: 'a.web.net', next: packet.length });
  });
});

describe('never anything but DnsFormatError', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          parseMessage(Buffer.from(bytes));
        } catch (error) {
          if (!(error instanceof DnsFormatError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('on valid messages with bytes flipped or cut', () => {
    const valid = encodeMessage({
      ...query('svc.example.net'),
      answers: [{ name: 'svc.example.net', type: 1, class: 1, ttl: 0, data: '10.1.2.3' }],
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        fc.nat(valid.length),
        (flips, cut) => {
          const bytes = Buffer.from(valid);
          for (const [at, value] of flips) bytes[at] = value;
          try {
            const parsed = parseMessage(bytes.subarray(0, cut));
            // Whatever parses must encode again.
            parseMessage(encodeMessage(parsed));
          } catch (error) {
            if (!(error instanceof DnsFormatError)) throw error;
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parse(encode(m)) = m for generated names and addresses', () => {
    const label = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/);
    const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
    const ipv4 = fc.ipV4();
    fc.assert(
      fc.property(name, fc.array(ipv4, { maxLength: 10 }), (qname, addresses) => {
        const message: DnsMessage = {
          ...query(qname),
          answers: addresses.map((data) => ({ name: qname, type: 1, class: 1, ttl: 0, data })),
        };
        expect(parseMessage(encodeMessage(message))).toEqual(message);
      }),
    );
  });
});

describe('encodeWithin', () => {
  const many: DnsMessage = {
    ...query('big'),
    answers: Array.from({ length: 100 }, (_, index) => ({
      name: 'big',
      type: RecordType.A,
      class: 1,
      ttl: 0,
      data: `10.0.${index >> 8}.${index & 255}`,
    })),
  };

  it('keeps a message that fits as is', () => {
    expect(encodeWithin(many, 65535)).toEqual(encodeMessage(many));
  });

  it('drops answers and sets TC to fit 512 bytes', () => {
    const bytes = encodeWithin(many, 512);
    expect(bytes.length).toBeLessThanOrEqual(512);
    const parsed = parseMessage(bytes);
    expect(parsed.header.tc).toBe(true);
    expect(parsed.answers.length).toBeGreaterThan(20);
    expect(parsed.answers).toEqual(many.answers.slice(0, parsed.answers.length));
  });
});

describe('addresses', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['fd00:0:0:0:0:0:0:2', 'fd00::2'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0DB8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
  ])('prints %s as %s', (input, expected) => {
    expect(formatIPv6(ipv6Bytes(input))).toBe(expected);
    expect(canonicalAddress(input)).toBe(expected);
  });

  it('knows what is not an address', () => {
    for (const text of [
      '',
      'web',
      '10.0.0',
      '10.0.0.1.2',
      '1::2::3',
      'fe80::1%eth0',
      '::ffff:1.2.3.4',
    ]) {
      expect(canonicalAddress(text)).toBeUndefined();
    }
  });

  it('maps addresses to reverse names and back', () => {
    expect(reverseName('10.1.2.3')).toBe('3.2.1.10.in-addr.arpa');
    expect(addressOfReverseName('3.2.1.10.IN-ADDR.ARPA')).toBe('10.1.2.3');
    expect(reverseName('fd00::2')).toBe(`2.${'0.'.repeat(29)}d.f.ip6.arpa`);
    expect(addressOfReverseName(reverseName('fd00::2'))).toBe('fd00::2');
    for (const name of [
      '1.2.3.in-addr.arpa',
      '256.1.1.1.in-addr.arpa',
      '01.1.1.1.in-addr.arpa',
      'x.ip6.arpa',
      'web',
    ]) {
      expect(addressOfReverseName(name)).toBeUndefined();
    }
  });

  it('compares names without case and trailing dot', () => {
    expect(nameKey('WeB.Example.')).toBe('web.example');
  });
});
