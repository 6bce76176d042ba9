/**
 * One published UDP port. UDP has no connections, so the proxy keeps a
 * session per client address: a socket connected to the container, whose
 * replies go back to that client from the published port. A session ends
 * after `idleMs` without traffic either way (Docker's proxy also uses 30 s
 * by default), or when the container refuses (ICMP port unreachable).
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { bindError } from './errors.js';
import type { Forwarder, ResolvedBinding } from './forwarder.js';

/** Clients tracked at once; datagrams from more are dropped until sessions expire. */
const MAX_SESSIONS = 4096;

/** Datagrams held per session while its socket connects; more are dropped (UDP may lose). */
const MAX_QUEUED = 64;

interface Session {
  readonly socket: Socket;
  readonly timer: NodeJS.Timeout;
  /** Datagrams that arrived before the connect completed; undefined once connected. */
  queue: Buffer[] | undefined;
}

function family(address: string): 'udp4' | 'udp6' {
  return isIPv6(address) ? 'udp6' : 'udp4';
}

function bind(socket: Socket, hostIp: string, hostPort: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: hostIp, port: hostPort, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export async function listenUdp(
  binding: ResolvedBinding,
  options: { idleMs: number; onError: (error: unknown) => void },
): Promise<Forwarder> {
  const listener = createSocket({
    type: family(binding.hostIp),
    ipv6Only: binding.hostIp === '::',
  });
  try {
    await bind(listener, binding.hostIp, binding.hostPort);
  } catch (error) {
    listener.close();
    throw bindError('udp', binding.hostIp, binding.hostPort, error);
  }
  const sessions = new Map<string, Session>();
  let closed = false;

  const end = (key: string): void => {
    const session = sessions.get(key);
    if (session === undefined) return;
    sessions.delete(key);
    clearTimeout(session.timer);
    session.socket.close();
  };

  // A send can throw at once (socket closed meanwhile); that ends the session, not the listener.
  const relay = (key: string, socket: Socket, datagram: Buffer): void => {
    try {
      socket.send(datagram);
    } catch {
      end(key);
    }
  };

  const open = (key: string, clientAddress: string, clientPort: number): Session => {
    const socket = createSocket(family(binding.targetAddress));
    const timer = setTimeout(() => end(key), options.idleMs);
    timer.unref();
    const session: Session = { socket, timer, queue: [] };
    socket.on('message', (reply) => {
      timer.refresh();
      if (closed) return;
      try {
        listener.send(reply, clientPort, clientAddress, (error) => error && options.onError(error));
      } catch (error) {
        options.onError(error);
      }
    });
    // ECONNREFUSED here is the container's ICMP port unreachable: the next datagram starts over.
    socket.on('error', () => end(key));
    // dgram refuses to send on a socket whose connect is pending: hold datagrams until then.
    socket.connect(binding.targetPort, binding.targetAddress, () => {
      const queued = session.queue ?? [];
      session.queue = undefined;
      for (const datagram of queued) relay(key, socket, datagram);
    });
    sessions.set(key, session);
    return session;
  };

  listener.on('error', options.onError);
  listener.on('message', (datagram, client) => {
    const key = `${client.address}|${client.port}`;
    let session = sessions.get(key);
    if (session === undefined) {
      if (sessions.size >= MAX_SESSIONS) return;
      session = open(key, client.address, client.port);
    }
    session.timer.refresh();
    if (session.queue === undefined) relay(key, session.socket, datagram);
    else if (session.queue.length < MAX_QUEUED) session.queue.push(datagram);
  });

  return {
    protocol: 'udp',
    hostIp: binding.hostIp,
    hostPort: listener.address().port,
    connections: () => sessions.size,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const key of [...sessions.keys()]) end(key);
        listener.close(() => resolve());
      }),
  };
}
