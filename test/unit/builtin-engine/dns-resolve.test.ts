import { describe, expect, it } from 'vitest';
import {
  NameTable,
  Rcode,
  RecordType,
  decide,
  encodeMessage,
  parseMessage,
  parseResolvConf,
  parseUpstream,
  reverseName,
  type Decision,
  type DnsMessage,
  type DnsRecord,
} from '../../../src/builtin-engine/dns/index.js';

const table = (): NameTable =>
  new NameTable([
    { name: 'web', addresses: ['10.0.0.2', '10.0.0.3', '10.0.0.4'] },
    { name: 'project-web-1', addresses: ['10.0.0.2'] },
    { name: 'DB.', addresses: ['10.0.0.9', 'fd00::9'] },
    { name: 'v6only', addresses: ['fd00:0:0::7'] },
    { name: 'empty', addresses: [] },
    { name: 'junk', addresses: ['not-an-ip', ' 10.0.0.20 '] },
  ]);

const opt: DnsRecord = {
  name: '',
  type: RecordType.OPT,
  class: 4096,
  ttl: 0,
  data: Buffer.alloc(0),
};

function packet(
  name: string,
  type: number = RecordType.A,
  extra: Partial<DnsMessage> = {},
  flags: Partial<DnsMessage['header']> = {},
): Buffer {
  return encodeMessage({
    header: {
      id: 77,
      qr: false,
      opcode: 0,
      aa: false,
      tc: false,
      rd: true,
      ra: false,
      rcode: 0,
      ...flags,
    },
    questions: [{ name, type, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
    ...extra,
  });
}

function reply(decision: Decision): DnsMessage {
  if (decision.kind !== 'reply') throw new Error(`expected a reply, got ${decision.kind}`);
  // What goes on the wire, parsed back.
  return parseMessage(encodeMessage(decision.message));
}

const udp = { searchDomains: ['corp.example'], transport: 'udp' as const };
const data = (message: DnsMessage): Array<string | Buffer> => message.answers.map((r) => r.data);

describe('NameTable', () => {
  it('ignores case, a trailing dot and the search domains', () => {
    const names = table();
    expect(names.lookup('db')).toEqual(['10.0.0.9', 'fd00::9']);
    expect(names.lookup('DB.')).toEqual(['10.0.0.9', 'fd00::9']);
    expect(names.lookup('db.corp.example', ['corp.example'])).toEqual(['10.0.0.9', 'fd00::9']);
    expect(names.lookup('db.CORP.example.', ['corp.example.'])).toEqual(['10.0.0.9', 'fd00::9']);
    expect(names.lookup('db.corp.example')).toBeUndefined();
    expect(names.lookup('db.other.example', ['corp.example'])).toBeUndefined();
    expect(names.lookup('corp.example', ['corp.example'])).toBeUndefined();
  });

  it('rotates each address family by one each lookup', () => {
    const mixed = new NameTable([
      { name: 'm', addresses: ['10.0.0.1', 'fd00::1', '10.0.0.2', 'fd00::2'] },
    ]);
    expect(mixed.lookup('m')).toEqual(['10.0.0.1', '10.0.0.2', 'fd00::1', 'fd00::2']);
    expect(mixed.lookup('m')).toEqual(['10.0.0.2', '10.0.0.1', 'fd00::2', 'fd00::1']);
    expect(mixed.lookup('m')).toEqual(['10.0.0.1', '10.0.0.2', 'fd00::1', 'fd00::2']);
  });

  it('rotates several addresses by one each lookup', () => {
    const names = table();
    expect(names.lookup('web')).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(names.lookup('WEB')).toEqual(['10.0.0.3', '10.0.0.4', '10.0.0.2']);
    expect(names.lookup('web')).toEqual(['10.0.0.4', '10.0.0.2', '10.0.0.3']);
    expect(names.lookup('web')).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
  });

  it('keeps only valid addresses, canonical, once; merges repeated names', () => {
    const names = new NameTable([
      { name: 'a', addresses: ['10.0.0.1', '10.0.0.1'] },
      { name: 'A', addresses: ['fd00:0::1', '10.0.0.2'] },
    ]);
    expect(names.lookup('a')).toEqual(['10.0.0.1', '10.0.0.2', 'fd00::1']);
    expect(table().lookup('junk')).toEqual(['10.0.0.20']);
    expect(table().lookup('empty')).toEqual([]);
    expect(new NameTable([{ name: ' ', addresses: ['10.0.0.1'] }]).size).toBe(0);
  });

  it('answers an address with the most specific name that holds it', () => {
    const names = table();
    expect(names.nameOf('10.0.0.2')).toBe('project-web-1');
    expect(names.nameOf('10.0.0.3')).toBe('web');
    expect(names.nameOf('fd00:0::9')).toBe('db');
    expect(names.nameOf('10.9.9.9')).toBeUndefined();
  });
});

describe('decide: names the network knows', () => {
  it('answers A records with TTL 0, authoritative, echoing id, question case and RD', () => {
    const message = reply(decide(packet('Project-Web-1'), table(), udp));
    expect(message.header).toMatchObject({
      id: 77,
      qr: true,
      aa: true,
      rd: true,
      ra: true,
      rcode: 0,
    });
    expect(message.questions).toEqual([{ name: 'Project-Web-1', type: 1, class: 1 }]);
    expect(message.answers).toEqual([
      { name: 'Project-Web-1', type: RecordType.A, class: 1, ttl: 0, data: '10.0.0.2' },
    ]);
  });

  it('answers every address of a scaled service, rotating', () => {
    const names = table();
    expect(data(reply(decide(packet('web'), names, udp)))).toEqual([
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
    ]);
    expect(data(reply(decide(packet('web'), names, udp)))).toEqual([
      '10.0.0.3',
      '10.0.0.4',
      '10.0.0.2',
    ]);
  });

  it('strips the search domain', () => {
    expect(data(reply(decide(packet('db.corp.example'), table(), udp)))).toEqual(['10.0.0.9']);
  });

  it('answers AAAA with the IPv6 addresses only, and empty NOERROR when there are none', () => {
    expect(data(reply(decide(packet('db', RecordType.AAAA), table(), udp)))).toEqual(['fd00::9']);
    const empty = reply(decide(packet('web', RecordType.AAAA), table(), udp));
    expect(empty.header.rcode).toBe(Rcode.NOERROR);
    expect(empty.answers).toEqual([]);
    expect(reply(decide(packet('v6only'), table(), udp)).answers).toEqual([]);
  });

  it('answers ANY with both families and other types with empty NOERROR', () => {
    expect(data(reply(decide(packet('db', RecordType.ANY), table(), udp)))).toEqual([
      '10.0.0.9',
      'fd00::9',
    ]);
    for (const type of [RecordType.MX, RecordType.TXT, RecordType.SRV, RecordType.CNAME]) {
      const message = reply(decide(packet('db', type), table(), udp));
      expect([message.header.rcode, message.answers.length]).toEqual([0, 0]);
    }
  });

  it('answers PTR for known addresses of both families and forwards the rest', () => {
    const v4 = reply(decide(packet(reverseName('10.0.0.3'), RecordType.PTR), table(), udp));
    expect(v4.answers).toEqual([
      { name: '3.0.0.10.in-addr.arpa', type: RecordType.PTR, class: 1, ttl: 0, data: 'web' },
    ]);
    const v6 = reply(decide(packet(reverseName('fd00::9'), RecordType.PTR), table(), udp));
    expect(data(v6)).toEqual(['db']);
    expect(decide(packet(reverseName('8.8.8.8'), RecordType.PTR), table(), udp).kind).toBe(
      'forward',
    );
  });
});

describe('decide: everything else', () => {
  it('forwards unknown names, and all names of a network without records, with SERVFAIL ready', () => {
    for (const decision of [
      decide(packet('example.org'), table(), udp),
      decide(packet('web'), undefined, udp),
    ]) {
      expect(decision.kind).toBe('forward');
      if (decision.kind !== 'forward') return;
      expect(decision.failure.header).toMatchObject({ id: 77, qr: true, rcode: Rcode.SERVFAIL });
      expect(decision.failure.questions[0]?.name).toMatch(/example.org|web/);
    }
  });

  it('forwards other classes (CHAOS version.bind)', () => {
    const chaos = encodeMessage({
      ...parseMessage(packet('version.bind', RecordType.TXT)),
      questions: [{ name: 'version.bind', type: RecordType.TXT, class: 3 }],
    });
    expect(decide(chaos, table(), udp).kind).toBe('forward');
  });

  it('answers FORMERR to a query it cannot parse, echoing the id', () => {
    const broken = Buffer.concat([packet('web').subarray(0, 14)]);
    const message = reply(decide(broken, table(), udp));
    expect(message.header).toMatchObject({ id: 77, qr: true, rcode: Rcode.FORMERR });
    expect(message.questions).toEqual([]);
  });

  it('answers FORMERR to zero or two questions and to two OPT records', () => {
    const base = parseMessage(packet('web'));
    const q = base.questions[0]!;
    for (const questions of [[], [q, q]]) {
      expect(reply(decide(encodeMessage({ ...base, questions }), table(), udp)).header.rcode).toBe(
        1,
      );
    }
    const twoOpts = encodeMessage({ ...base, additionals: [opt, opt] });
    expect(reply(decide(twoOpts, table(), udp)).header.rcode).toBe(Rcode.FORMERR);
  });

  it('answers NOTIMP to other opcodes', () => {
    const notify = packet('web', RecordType.A, {}, { opcode: 4 });
    expect(reply(decide(notify, table(), udp)).header).toMatchObject({
      rcode: Rcode.NOTIMP,
      opcode: 4,
    });
  });

  it('drops responses and runts without answering', () => {
    expect(decide(packet('web', 1, {}, { qr: true }), table(), udp)).toEqual({ kind: 'drop' });
    expect(decide(Buffer.alloc(11), table(), udp)).toEqual({ kind: 'drop' });
  });
});

describe('decide: sizes and EDNS', () => {
  const big = new NameTable([
    { name: 'big', addresses: Array.from({ length: 60 }, (_, i) => `10.0.1.${i + 1}`) },
  ]);

  it('limits UDP to 512 bytes without EDNS, to the advertised size (at most 1232) with it', () => {
    expect(decide(packet('big'), big, udp)).toMatchObject({ limit: 512 });
    expect(decide(packet('big', 1, { additionals: [opt] }), big, udp)).toMatchObject({
      limit: 1232,
    });
    const small = { ...opt, class: 100 };
    expect(decide(packet('big', 1, { additionals: [small] }), big, udp)).toMatchObject({
      limit: 512,
    });
    expect(decide(packet('big'), big, { ...udp, transport: 'tcp' })).toMatchObject({
      limit: 65535,
    });
  });

  it('adds an OPT record to the answer only when the query had one', () => {
    expect(reply(decide(packet('web'), table(), udp)).additionals).toEqual([]);
    const withOpt = reply(decide(packet('web', 1, { additionals: [opt] }), table(), udp));
    expect(withOpt.additionals).toEqual([{ ...opt, class: 1232 }]);
  });
});

describe('host resolver configuration', () => {
  it('reads nameservers and the last search/domain line, skipping comments and zone ids', () => {
    const config = parseResolvConf(
      [
        '# generated',
        'nameserver 10.255.255.53',
        'nameserver fe80::1%eth0',
        'nameserver 2001:DB8::1 ; trailing',
        'domain old.example',
        'search corp.example lab.example',
        'options ndots:2',
        'nameserver',
      ].join('\n'),
    );
    expect(config).toEqual({
      nameservers: [
        { host: '10.255.255.53', port: 53 },
        { host: '2001:db8::1', port: 53 },
      ],
      searchDomains: ['corp.example', 'lab.example'],
    });
  });

  it.each([
    ['127.0.0.1', { host: '127.0.0.1', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['::1', { host: '::1', port: 53 }],
    ['[::1]:5353', { host: '::1', port: 5353 }],
  ])('parses the upstream %s', (text, expected) => {
    expect(parseUpstream(text)).toEqual(expected);
  });

  it.each(['', 'dns.example', '127.0.0.1:0', '127.0.0.1:70000', '[::1]:x'])(
    'refuses the upstream %j',
    (text) => {
      expect(() => parseUpstream(text)).toThrow(/not a DNS server address/);
    },
  );
});
