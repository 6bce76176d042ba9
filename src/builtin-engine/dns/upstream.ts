/**
 * The host's resolvers and one exchange with them. Unknown names are relayed
 * byte for byte (the client's id, flags and EDNS options go through), each
 * over a fresh socket: the kernel picks a random source port per query and
 * replies cannot be confused between clients that reuse an id.
 */
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { connect, isIPv6 } from 'node:net';
import { canonicalAddress } from './addresses.js';

export interface Upstream {
  readonly host: string;
  readonly port: number;
}

export interface HostResolverConfig {
  readonly nameservers: Upstream[];
  readonly searchDomains: string[];
}

/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353` → host and port (53 by default). */
export function parseUpstream(text: string): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text.trim());
  const hostPort = /^([^:]+):(\d+)$/.exec(text.trim());
  const [host, port] = bracketed
    ? [bracketed[1] as string, bracketed[2]]
    : hostPort
      ? [hostPort[1] as string, hostPort[2]]
      : [text.trim(), undefined];
  const address = canonicalAddress(host);
  const number = port === undefined ? 53 : Number(port);
  if (address === undefined || !Number.isInteger(number) || number < 1 || number > 65535) {
    throw new Error(`not a DNS server address: ${JSON.stringify(text)}`);
  }
  return { host: address, port: number };
}

/** resolv.conf(5): `nameserver` lines (zone-scoped IPv6 skipped), `search` / `domain` (the last wins). */
export function parseResolvConf(text: string): HostResolverConfig {
  const nameservers: Upstream[] = [];
  let searchDomains: string[] = [];
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line
      .replace(/[#;].*$/, '')
      .trim()
      .split(/\s+/);
    if (keyword === 'nameserver' && values[0] !== undefined) {
      const address = canonicalAddress(values[0]);
      if (address !== undefined) nameservers.push({ host: address, port: 53 });
    } else if (keyword === 'search' || keyword === 'domain') {
      searchDomains = values.filter((value) => value !== '' && value !== '.');
    }
  }
  return { nameservers, searchDomains };
}

export async function readHostResolverConfig(path: string): Promise<HostResolverConfig> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return parseResolvConf(text);
}

/** A reply belongs to a query when it is a response with the same id. */
function answers(reply: Buffer, query: Buffer): boolean {
  return reply.length >= 12 && reply.readUInt16BE(0) === query.readUInt16BE(0) && reply[2]! >= 0x80;
}

type Finish = (error: Error | undefined, reply?: Buffer) => void;

/**
 * One bounded exchange: `open` starts it and returns how to close its socket;
 * the promise settles once, on the first of a reply, an error, the timeout or
 * the abort, and the socket is closed whichever it was.
 */
function boundedExchange(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  open: (finish: Finish) => () => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('DNS server closing'));
    let settled = false;
    // Set once `open` returns; a finish before that closes right after.
    const socket: { close?: () => void } = {};
    const finish: Finish = (error, reply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close?.();
      if (error) reject(error);
      else resolve(reply as Buffer);
    };
    const onAbort = (): void => finish(new Error('DNS server closing'));
    const timer = setTimeout(() => finish(new Error('upstream timed out')), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.close = open(finish);
    if (settled) socket.close();
  });
}

/** One UDP query/response; rejects on timeout, error or abort. */
export function exchangeUdp(
  query: Buffer,
  upstream: Upstream,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  return boundedExchange(timeoutMs, signal, (finish) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    socket.on('error', (error) => finish(error));
    socket.on('message', (reply) => {
      if (answers(reply, query)) finish(undefined, reply);
    });
    socket.connect(upstream.port, upstream.host, () => socket.send(query));
    return () => socket.close();
  });
}

/** One query/response over TCP (two-byte length prefix, RFC 1035 §4.2.2). */
export function exchangeTcp(
  query: Buffer,
  upstream: Upstream,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  return boundedExchange(timeoutMs, signal, (finish) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    let received = Buffer.alloc(0);
    socket.on('error', (error) => finish(error));
    socket.on('end', () => finish(new Error('upstream closed the connection')));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length < 2 + length) return;
      const reply = received.subarray(2, 2 + length);
      if (answers(reply, query)) finish(undefined, reply);
      else finish(new Error('upstream sent an unrelated reply'));
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    socket.write(Buffer.concat([prefix, query]));
    return () => socket.destroy();
  });
}

/**
 * Asks each upstream in turn (each bounded by `timeoutMs`), moving on after a
 * timeout, an error, SERVFAIL or REFUSED like glibc does. Resolves with the
 * first usable reply, else the last SERVFAIL/REFUSED, else undefined.
 */
export async function forward(
  query: Buffer,
  upstreams: readonly Upstream[],
  transport: 'udp' | 'tcp',
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer | undefined> {
  let fallback: Buffer | undefined;
  for (const upstream of upstreams) {
    if (signal?.aborted) break;
    const exchange = transport === 'tcp' ? exchangeTcp : exchangeUdp;
    const reply = await exchange(query, upstream, timeoutMs, signal).catch(() => undefined);
    if (reply === undefined) continue;
    const rcode = reply[3]! & 0xf;
    if (rcode !== 2 && rcode !== 5) return reply;
    fallback = reply;
  }
  return fallback;
}
