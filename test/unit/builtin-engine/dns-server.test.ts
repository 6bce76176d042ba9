/** The DNS responder on loopback, asked by Node's own resolver (c-ares) and by raw packets. */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DnsNameServer,
  Rcode,
  RecordType,
  encodeMessage,
  parseMessage,
  type DnsNameServerOptions,
} from '../../../src/builtin-engine/dns/index.js';

const started: DnsNameServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function start(
  networkId: string,
  address: string,
  options: DnsNameServerOptions = {},
): Promise<{ server: DnsNameServer; port: number }> {
  const server = new DnsNameServer({ port: 0, upstreams: [], searchDomains: [], ...options });
  started.push(server);
  await server.serve(networkId, address);
  return { server, port: server.address(networkId)!.port };
}

function resolverFor(address: string, port: number): Resolver {
  // One try, short timeout: a server that does not answer fails the test fast.
  const resolver = new Resolver({ timeout: 1500, tries: 1 });
  resolver.setServers([`${address}:${port}`]);
  return resolver;
}

function query(name: string, type: number = RecordType.A, id = 4242): Buffer {
  return encodeMessage({
    header: { id, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0 },
    questions: [{ name, type, class: 1 }],
    answers: [],
    authorities: [],
    additionals: [],
  });
}

/** Sends one datagram and resolves with the reply, or undefined after `waitMs`. */
function exchange(port: number, packet: Buffer, waitMs = 300): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, waitMs);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(packet, port, '127.0.0.1');
  });
}

function tcpExchange(port: number, packets: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const replies: Buffer[] = [];
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      while (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        replies.push(received.subarray(2, 2 + received.readUInt16BE(0)));
        received = received.subarray(2 + received.readUInt16BE(0));
      }
      if (replies.length === packets.length) {
        socket.destroy();
        resolve(replies);
      }
    });
    for (const packet of packets) {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(packet.length);
      socket.write(Buffer.concat([prefix, packet]));
    }
  });
}

const records = [
  { name: 'web', addresses: ['10.0.0.2', '10.0.0.3', '10.0.0.4'] },
  { name: 'project-web-1', addresses: ['10.0.0.2'] },
  { name: 'db', addresses: ['10.0.0.9'] },
];

describe('DnsNameServer answering its network', () => {
  it('resolves A, several A, case-insensitively, with or without a trailing dot', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    server.setRecords('n1', records);
    const resolver = resolverFor('127.0.0.1', port);
    expect(await resolver.resolve4('project-web-1')).toEqual(['10.0.0.2']);
    expect((await resolver.resolve4('web')).sort()).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(await resolver.resolve4('DB')).toEqual(['10.0.0.9']);
    expect(await resolver.resolve4('Db.')).toEqual(['10.0.0.9']);
    const ttl = await resolver.resolve4('db', { ttl: true });
    expect(ttl).toEqual([{ address: '10.0.0.9', ttl: 0 }]);
  });

  it('rotates the order of several addresses between answers', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    server.setRecords('n1', records);
    const resolver = resolverFor('127.0.0.1', port);
    const firsts = new Set<string>();
    for (let index = 0; index < 3; index++) firsts.add((await resolver.resolve4('web'))[0]!);
    expect(firsts.size).toBe(3);
  });

  it('answers AAAA for a known name with empty NOERROR at once, and PTR for its addresses', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    server.setRecords('n1', records);
    const resolver = resolverFor('127.0.0.1', port);
    const began = Date.now();
    await expect(resolver.resolve6('web')).rejects.toMatchObject({ code: 'ENODATA' });
    expect(Date.now() - began).toBeLessThan(500);
    expect(await resolver.reverse('10.0.0.9')).toEqual(['db']);
    expect(await resolver.reverse('10.0.0.2')).toEqual(['project-web-1']);
  });

  it('sees replaced records at once, and forgets removed names', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    const resolver = resolverFor('127.0.0.1', port);
    server.setRecords('n1', records);
    expect(await resolver.resolve4('db')).toEqual(['10.0.0.9']);
    server.setRecords('n1', [{ name: 'db', addresses: ['10.0.0.10'] }]);
    expect(await resolver.resolve4('db')).toEqual(['10.0.0.10']);
    // No upstream configured: an unknown name fails at once with SERVFAIL.
    await expect(resolver.resolve4('web')).rejects.toMatchObject({ code: 'ESERVFAIL' });
  });

  it('strips the search domain', async () => {
    const { server, port } = await start('n1', '127.0.0.1', { searchDomains: ['corp.example'] });
    server.setRecords('n1', records);
    expect(await resolverFor('127.0.0.1', port).resolve4('db.corp.example')).toEqual(['10.0.0.9']);
  });

  it('answers each network from the address it listens on', async () => {
    const server = new DnsNameServer({ port: 0, upstreams: [] });
    started.push(server);
    await server.serve('a', '127.0.0.1');
    await server.serve('b', '127.0.0.2');
    server.setRecords('a', [{ name: 'svc', addresses: ['10.1.0.1'] }]);
    server.setRecords('b', [{ name: 'svc', addresses: ['10.2.0.1'] }]);
    const a = resolverFor('127.0.0.1', server.address('a')!.port);
    const b = resolverFor('127.0.0.2', server.address('b')!.port);
    expect(await a.resolve4('svc')).toEqual(['10.1.0.1']);
    expect(await b.resolve4('svc')).toEqual(['10.2.0.1']);
  });

  it('answers over TCP, and sends what does not fit in 512 bytes of UDP there', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    const many = Array.from({ length: 80 }, (_, index) => `10.0.1.${index + 1}`);
    server.setRecords('n1', [...records, { name: 'big', addresses: many }]);
    const [db, web] = await tcpExchange(port, [query('db', 1, 1), query('web', 1, 2)]);
    expect(parseMessage(db!).answers.map((record) => record.data)).toEqual(['10.0.0.9']);
    expect(parseMessage(web!).header.id).toBe(2);
    const udp = parseMessage((await exchange(port, query('big')))!);
    expect(udp.header.tc).toBe(true);
    // c-ares retries a truncated answer over TCP by itself.
    expect((await resolverFor('127.0.0.1', port).resolve4('big')).sort()).toEqual(many.sort());
  });
});

describe('DnsNameServer forwarding', () => {
  it('relays unknown names to the upstream resolver and its answer back', async () => {
    const upstream = await start('up', '127.0.0.1');
    upstream.server.setRecords('up', [{ name: 'example.test', addresses: ['192.0.2.1'] }]);
    const { server, port } = await start('n1', '127.0.0.1', {
      upstreams: [`127.0.0.1:${upstream.port}`],
    });
    server.setRecords('n1', records);
    const resolver = resolverFor('127.0.0.1', port);
    expect(await resolver.resolve4('example.test')).toEqual(['192.0.2.1']);
    expect(await resolver.resolve4('web')).toHaveLength(3);
    const [viaTcp] = await tcpExchange(port, [query('EXAMPLE.test')]);
    expect(parseMessage(viaTcp!).answers.map((record) => record.data)).toEqual(['192.0.2.1']);
  });

  it('moves on to the next upstream when one does not answer, within the timeout', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const upstream = await start('up', '127.0.0.1');
    upstream.server.setRecords('up', [{ name: 'example.test', addresses: ['192.0.2.1'] }]);
    try {
      const { port } = await start('n1', '127.0.0.1', {
        upstreams: [`127.0.0.1:${silent.address().port}`, `127.0.0.1:${upstream.port}`],
        upstreamTimeoutMs: 200,
      });
      const began = Date.now();
      expect(await resolverFor('127.0.0.1', port).resolve4('example.test')).toEqual(['192.0.2.1']);
      expect(Date.now() - began).toBeLessThan(1000);
    } finally {
      silent.close();
    }
  });

  it('answers SERVFAIL after the bounded timeout when no upstream answers', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const { port } = await start('n1', '127.0.0.1', {
        upstreams: [`127.0.0.1:${silent.address().port}`],
        upstreamTimeoutMs: 150,
      });
      const reply = await exchange(port, query('nowhere.test'), 1000);
      expect(parseMessage(reply!).header).toMatchObject({ id: 4242, rcode: Rcode.SERVFAIL });
    } finally {
      silent.close();
    }
  });

  it('never forwards to one of its own listeners', async () => {
    // A fake upstream, asked first, that counts queries and answers SERVFAIL,
    // so the server moves on to the next upstream: itself. Were it to relay
    // to itself, every level of that loop would ask the fake again.
    const fake = createSocket('udp4');
    let asked = 0;
    fake.on('message', (packet, remote) => {
      asked++;
      const failed = parseMessage(packet);
      const reply = encodeMessage({ ...failed, header: { ...failed.header, qr: true, rcode: 2 } });
      fake.send(reply, remote.port, remote.address);
    });
    await new Promise<void>((resolve) => fake.bind(0, '127.0.0.1', resolve));
    try {
      const probe = await start('probe', '127.0.0.1');
      const { port } = probe;
      await probe.server.close();
      const server = new DnsNameServer({
        port,
        upstreams: [`127.0.0.1:${fake.address().port}`, `127.0.0.1:${port}`],
      });
      started.push(server);
      await server.serve('n1', '127.0.0.1');
      const resolver = resolverFor('127.0.0.1', port);
      await expect(resolver.resolve4('loop.test')).rejects.toMatchObject({ code: 'ESERVFAIL' });
      expect(asked).toBe(1);
    } finally {
      fake.close();
    }
  });
});

describe('DnsNameServer against bad input and in its life cycle', () => {
  it('answers FORMERR or nothing to malformed packets, and keeps serving', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    server.setRecords('n1', records);
    const broken = query('web');
    broken[12] = 0xc0; // the name becomes a pointer to itself
    const formerr = await exchange(port, broken);
    expect(parseMessage(formerr!).header).toMatchObject({ id: 4242, rcode: Rcode.FORMERR });
    expect(await exchange(port, Buffer.from([1, 2, 3]))).toBeUndefined();
    for (let index = 0; index < 200; index++) {
      const junk = Buffer.from(
        Array.from({ length: index % 40 }, (_, i) => (i * 37 + index) & 255),
      );
      await exchange(port, junk, 5);
    }
    const garbage = connect({ host: '127.0.0.1', port });
    garbage.end(Buffer.from([0, 5, 1, 2, 3, 4, 5, 0xff, 0xff, 9]));
    await new Promise((resolve) => garbage.on('close', resolve));
    expect(await resolverFor('127.0.0.1', port).resolve4('db')).toEqual(['10.0.0.9']);
  });

  it('stop releases the sockets and close ends everything', async () => {
    const { server, port } = await start('n1', '127.0.0.1');
    await server.stop('n1');
    expect(server.address('n1')).toBeUndefined();
    const again = new DnsNameServer({ port, upstreams: [] });
    started.push(again);
    await again.serve('n1', '127.0.0.1');
    expect(again.address('n1')?.port).toBe(port);
    await again.close();
    await expect(again.serve('n2', '127.0.0.1')).rejects.toThrow(/closed/);
  });

  it('says which address and port it could not listen on', async () => {
    const { port } = await start('n1', '127.0.0.1');
    const second = new DnsNameServer({ port, upstreams: [] });
    started.push(second);
    await expect(second.serve('n2', '127.0.0.1')).rejects.toThrow(
      `DNS for network n2 cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
    );
    await expect(second.serve('n3', 'gateway')).rejects.toThrow(/not an IP address/);
  });
});
