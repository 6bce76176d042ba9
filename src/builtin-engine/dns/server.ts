/**
 * The DNS responder of the built-in engine: one UDP socket and one TCP
 * listener per network, on the network's gateway address (port 53), so a
 * container's resolv.conf names the gateway and the address a query arrives
 * on tells which network's names apply (podman/aardvark-dns do the same;
 * Docker's 127.0.0.11 inside each namespace needs setns, which Node lacks).
 *
 * Names come from setRecords and take effect at once; everything else is
 * relayed to the host's resolvers (the daemon runs in the host's network
 * namespace, so even a 127.0.0.53 stub works). No packet, however malformed,
 * makes a listener stop: decisions are pure (resolve.ts) and every failure is
 * reported through `onError` and answered with FORMERR or SERVFAIL.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { setMaxListeners } from 'node:events';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { NameRecord, NameServer } from '../ports.js';
import { canonicalAddress } from './addresses.js';
import { encodeWithin, type DnsMessage } from './message.js';
import { decide, type Transport } from './resolve.js';
import { NameTable } from './table.js';
import {
  forward,
  parseUpstream,
  readHostResolverConfig,
  type HostResolverConfig,
  type Upstream,
} from './upstream.js';

export interface DnsNameServerOptions {
  /** Port every network listens on; 53 unless a test asks for another (0 = any free port). */
  readonly port?: number;
  /** Resolvers for unknown names (`1.2.3.4`, `1.2.3.4:5353`, `[::1]:53`); default: the host's resolv.conf. */
  readonly upstreams?: readonly string[];
  /** Domains stripped from queried names; default: resolv.conf's `search`/`domain`. */
  readonly searchDomains?: readonly string[];
  readonly resolvConfPath?: string;
  /** Bound on each upstream attempt (the whole forward is bounded by attempts × this). */
  readonly upstreamTimeoutMs?: number;
  /** Forwards in flight at most; more are answered SERVFAIL at once. */
  readonly maxForwards?: number;
  /** Idle TCP client connections are closed after this long. */
  readonly tcpIdleMs?: number;
  /** Failures that did not stop the server (bad packets are not failures). */
  readonly onError?: (error: unknown) => void;
}

interface Listener {
  readonly address: string;
  readonly port: number;
  readonly udp: UdpSocket;
  readonly tcp: Server;
  readonly connections: Set<Socket>;
}

/** resolv.conf allows three nameservers; more would only lengthen the worst case. */
const MAX_UPSTREAMS = 3;
const HOST_CONFIG_TTL_MS = 5000;
const DEFAULT_MAX_FORWARDS = 256;

function bindUdp(socket: UdpSocket, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function listenTcp(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, ipv6Only: isIPv6(address) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export class DnsNameServer implements NameServer {
  private readonly listeners = new Map<string, Listener>();
  private readonly tables = new Map<string, NameTable>();
  private readonly closing = new AbortController();
  private readonly configuredUpstreams: Upstream[] | undefined;
  private host: HostResolverConfig | undefined;
  private hostReadAt = 0;
  private forwards = 0;

  constructor(private readonly options: DnsNameServerOptions = {}) {
    this.configuredUpstreams = options.upstreams?.map(parseUpstream);
    // Each forward in flight listens on the closing signal.
    setMaxListeners((options.maxForwards ?? DEFAULT_MAX_FORWARDS) + 1, this.closing.signal);
  }

  async serve(networkId: string, listenAddress: string): Promise<void> {
    if (this.closing.signal.aborted) throw new Error('the DNS server is closed');
    const address = canonicalAddress(listenAddress);
    if (address === undefined) {
      throw new Error(`DNS for network ${networkId}: not an IP address: ${listenAddress}`);
    }
    const current = this.listeners.get(networkId);
    if (current?.address === address) return;
    if (current !== undefined) await this.stopListener(networkId);
    await this.hostConfig();
    this.listeners.set(networkId, await this.listen(networkId, address));
  }

  /** Where a network's responder listens (the port matters when it was 0). */
  address(networkId: string): { address: string; port: number } | undefined {
    const listener = this.listeners.get(networkId);
    return listener && { address: listener.address, port: listener.port };
  }

  setRecords(networkId: string, records: readonly NameRecord[]): void {
    this.tables.set(networkId, new NameTable(records));
  }

  /** Closes the network's sockets and forgets its names (the network is going away). */
  async stop(networkId: string): Promise<void> {
    this.tables.delete(networkId);
    await this.stopListener(networkId);
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.tables.clear();
    await Promise.all([...this.listeners.keys()].map((id) => this.stopListener(id)));
  }

  private async listen(networkId: string, address: string): Promise<Listener> {
    const wanted = this.options.port ?? 53;
    // With port 0 the TCP side must take the port UDP got; another process may
    // hold it for TCP, so try a few ports.
    for (let attempt = 0; ; attempt++) {
      const udp = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
      const connections = new Set<Socket>();
      const tcp = createServer((socket) => this.serveTcp(networkId, socket, connections));
      try {
        await bindUdp(udp, address, wanted);
        const port = udp.address().port;
        await listenTcp(tcp, address, port);
        udp.on('error', (error) => this.report(error));
        tcp.on('error', (error) => this.report(error));
        udp.on('message', (packet, remote) => {
          void this.answer(networkId, packet, 'udp').then((reply) => {
            if (reply !== undefined) this.sendUdp(udp, reply, remote.port, remote.address);
          });
        });
        return { address, port, udp, tcp, connections };
      } catch (error) {
        udp.close();
        tcp.close();
        const code = (error as NodeJS.ErrnoException).code;
        if (wanted === 0 && code === 'EADDRINUSE' && attempt < 4) continue;
        throw new Error(
          `DNS for network ${networkId} cannot listen on ${address}:${wanted}: ${code ?? String(error)}`,
          { cause: error },
        );
      }
    }
  }

  private async stopListener(networkId: string): Promise<void> {
    const listener = this.listeners.get(networkId);
    if (listener === undefined) return;
    this.listeners.delete(networkId);
    for (const connection of listener.connections) connection.destroy();
    await Promise.all([
      new Promise<void>((resolve) => listener.udp.close(() => resolve())),
      new Promise<void>((resolve) => listener.tcp.close(() => resolve())),
    ]);
  }

  private sendUdp(udp: UdpSocket, reply: Buffer, port: number, address: string): void {
    try {
      udp.send(reply, port, address, (error) => error && this.report(error));
    } catch (error) {
      // The listener closed while the answer was being made.
      this.report(error);
    }
  }

  /** DNS over TCP: messages with a two-byte length prefix, answered as they complete. */
  private serveTcp(networkId: string, socket: Socket, connections: Set<Socket>): void {
    connections.add(socket);
    socket.setTimeout(this.options.tcpIdleMs ?? 10_000, () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const packet = pending.subarray(2, 2 + pending.readUInt16BE(0));
        pending = pending.subarray(2 + packet.length);
        void this.answer(networkId, packet, 'tcp').then((reply) => {
          if (reply === undefined || socket.destroyed) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([prefix, reply]));
        });
      }
    });
  }

  /** The bytes to send back for one packet, or undefined to stay silent. Never rejects. */
  private async answer(
    networkId: string,
    packet: Buffer,
    transport: Transport,
  ): Promise<Buffer | undefined> {
    let failure: DnsMessage | undefined;
    let limit = 512;
    try {
      const searchDomains = this.options.searchDomains ?? this.host?.searchDomains ?? [];
      const decision = decide(packet, this.tables.get(networkId), { searchDomains, transport });
      if (decision.kind === 'drop') return undefined;
      limit = decision.limit;
      if (decision.kind === 'reply') return encodeWithin(decision.message, limit);
      failure = decision.failure;
      const relayed = await this.relay(packet, transport);
      return relayed ?? encodeWithin(failure, limit);
    } catch (error) {
      this.report(error);
      if (failure === undefined) return undefined;
      try {
        return encodeWithin(failure, limit);
      } catch {
        return undefined;
      }
    }
  }

  private async relay(packet: Buffer, transport: Transport): Promise<Buffer | undefined> {
    const maxForwards = this.options.maxForwards ?? DEFAULT_MAX_FORWARDS;
    if (this.forwards >= maxForwards) return undefined;
    const upstreams = await this.upstreams();
    if (upstreams.length === 0) return undefined;
    this.forwards++;
    try {
      const timeout = this.options.upstreamTimeoutMs ?? 2000;
      return await forward(packet, upstreams, transport, timeout, this.closing.signal);
    } finally {
      this.forwards--;
    }
  }

  /** The resolvers to relay to, never one of our own listeners (that would loop). */
  private async upstreams(): Promise<Upstream[]> {
    const candidates = this.configuredUpstreams ?? (await this.hostConfig()).nameservers;
    const own = [...this.listeners.values()];
    return candidates
      .filter((up) => !own.some((l) => l.address === up.host && l.port === up.port))
      .slice(0, MAX_UPSTREAMS);
  }

  private async hostConfig(): Promise<HostResolverConfig> {
    if (this.host === undefined || Date.now() - this.hostReadAt > HOST_CONFIG_TTL_MS) {
      this.host = await readHostResolverConfig(this.options.resolvConfPath ?? '/etc/resolv.conf');
      this.hostReadAt = Date.now();
    }
    return this.host;
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // A failing logger must not take the responder down.
    }
  }
}
