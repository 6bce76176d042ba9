/** The userland port proxy on loopback, between real sockets. */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PortPublishError,
  UserlandPortProxy,
  type UserlandPortProxyOptions,
} from '../../../src/builtin-engine/ports/index.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function proxy(options: UserlandPortProxyOptions = {}): UserlandPortProxy {
  const created = new UserlandPortProxy(options);
  cleanups.push(() => created.close());
  return created;
}

async function tcpServer(
  onConnection: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer({ allowHalfOpen: true }, onConnection);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

const echo = (socket: Socket): void => {
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
};

function tcpClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

/**
 * Everything the socket reads until its other side is done: `ended` when a
 * FIN came (the client keeps its own side open: allowHalfOpen), else it closed.
 */
function readAll(socket: Socket): Promise<{ data: Buffer; ended: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve({ data: Buffer.concat(chunks), ended: true }));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ data: Buffer.concat(chunks), ended: false }));
  });
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('UserlandPortProxy over TCP', () => {
  it('relays an echo round trip on a picked port', async () => {
    const target = await tcpServer(echo);
    const ports = proxy();
    const bound = await ports.publish('c1', {
      protocol: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: target.port,
    });
    expect(bound.hostIp).toBe('127.0.0.1');
    expect(bound.hostPort).toBeGreaterThan(0);
    expect(bound.hostPort).not.toBe(target.port);
    const client = await tcpClient(bound.hostPort);
    const received = readAll(client);
    client.end('hello through the proxy');
    expect((await received).data.toString()).toBe('hello through the proxy');
  });

  it('binds all IPv4 addresses for an empty host IP', async () => {
    const target = await tcpServer(echo);
    const bound = await proxy().publish('c1', {
      protocol: 'tcp',
      hostIp: '',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: target.port,
    });
    expect(bound.hostIp).toBe('0.0.0.0');
    const client = await tcpClient(bound.hostPort);
    const received = readAll(client);
    client.end('x');
    expect((await received).data.toString()).toBe('x');
  });

  it('carries 20 MB both ways intact', async () => {
    const target = await tcpServer(echo);
    const { hostPort } = await proxy().publish('c1', {
      protocol: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: target.port,
    });
    const payload = randomBytes(20 * 1024 * 1024);
    const client = await tcpClient(hostPort);
    const received = readAll(client);
    client.end(payload);
    const { data, ended } = await received;
    expect(data.length).toBe(payload.length);
    expect(sha(data)).toBe(sha(payload));
    expect(ended).toBe(true);
  }, 30_000);

  it('passes a half-close through: the target sees the end and still replies', async () => {
    const target = await tcpServer((socket) => {
      let size = 0;
      socket.on('data', (chunk: Buffer) => (size += chunk.length));
      socket.on('end', () => socket.end(`got ${size} bytes after your end`));
    });
    const { hostPort } = await proxy().publish('c1', {
      protocol: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: target.port,
    });
    const client = await tcpClient(hostPort);
    const received = readAll(client);
    client.write('12345');
    client.end('678');
    const { data, ended } = await received;
    expect(data.toString()).toBe('got 8 bytes after your end');
    expect(ended).toBe(true);
  });

  it('closes the client connection when the target is down', async () => {
    const gone = await tcpServer(echo);
    await new Promise((resolve) => gone.server.close(resolve));
    const { hostPort } = await proxy().publish('c1', {
      protocol: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: gone.port,
    });
    const client = await tcpClient(hostPort);
    const began = Date.now();
    const { data } = await readAll(client);
    expect(data.length).toBe(0);
    expect(Date.now() - began).toBeLessThan(1000);
  });

  it("refuses a taken port with Docker's message", async () => {
    const taken = await tcpServer(echo);
    const ports = proxy();
    const binding = {
      protocol: 'tcp' as const,
      hostIp: '127.0.0.1',
      hostPort: taken.port,
      targetAddress: '127.0.0.1',
      targetPort: taken.port,
    };
    const error = await ports.publish('c1', binding).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PortPublishError);
    expect((error as PortPublishError).message).toBe(
      `Bind for 127.0.0.1:${taken.port} failed: port is already allocated`,
    );
    expect((error as PortPublishError).code).toBe('in-use');
    // Also between two containers of the same proxy.
    const first = await ports.publish('c1', { ...binding, hostPort: 0 });
    await expect(ports.publish('c2', { ...binding, hostPort: first.hostPort })).rejects.toThrow(
      `Bind for 127.0.0.1:${first.hostPort} failed: port is already allocated`,
    );
  });

  it('refuses bindings that are not addresses and ports', async () => {
    const ports = proxy();
    const base = {
      protocol: 'tcp' as const,
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: 80,
    };
    for (const [bad, message] of [
      [{ hostIp: 'localhost' }, /host IP "localhost" is not an IP address/],
      [{ hostPort: 70000 }, /host port 70000 is out of range/],
      [{ targetAddress: 'web' }, /target "web" is not an IP address/],
      [{ targetPort: 0 }, /target port 0 is out of range/],
    ] as const) {
      await expect(ports.publish('c1', { ...base, ...bad })).rejects.toThrow(message);
    }
  });

  it('unpublish closes the listeners and the live connections of that owner only', async () => {
    const target = await tcpServer(echo);
    const ports = proxy();
    const binding = {
      protocol: 'tcp' as const,
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: target.port,
    };
    const mine = await ports.publish('c1', binding);
    const theirs = await ports.publish('c2', binding);
    const client = await tcpClient(mine.hostPort);
    const other = await tcpClient(theirs.hostPort);
    const closed = readAll(client);
    // A round trip proves both connections are spliced through before unpublish.
    for (const socket of [client, other]) {
      socket.write('ping');
      await new Promise((resolve) => socket.once('data', resolve));
    }
    expect(ports.published('c1')[0]?.connections).toBe(2);
    await ports.unpublish('c1');
    await closed;
    expect(ports.published('c1')).toEqual([]);
    await expect(tcpClient(mine.hostPort)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    other.write('still here');
    const reply = await new Promise<Buffer>((resolve) => other.once('data', resolve));
    expect(reply.toString()).toBe('still here');
  });
});

async function udpSocket(
  onMessage?: (socket: UdpSocket, data: Buffer, port: number) => void,
): Promise<{ socket: UdpSocket; port: number }> {
  const socket = createSocket('udp4');
  if (onMessage) socket.on('message', (data, remote) => onMessage(socket, data, remote.port));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, port: socket.address().port };
}

function nextMessage(socket: UdpSocket, waitMs = 1000): Promise<{ data: Buffer; port: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no datagram')), waitMs);
    socket.once('message', (data, remote) => {
      clearTimeout(timer);
      resolve({ data, port: remote.port });
    });
  });
}

describe('UserlandPortProxy over UDP', () => {
  it('relays datagrams both ways, each client in its own session, and expires idle sessions', async () => {
    const sources: number[] = [];
    const target = await udpSocket((socket, data, port) => {
      sources.push(port);
      socket.send(Buffer.concat([Buffer.from('echo:'), data]), port, '127.0.0.1');
    });
    const ports = proxy({ udpIdleMs: 150 });
    const bound = await ports.publish('c1', {
      protocol: 'udp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: target.port,
    });
    const a = await udpSocket();
    const b = await udpSocket();
    a.socket.send('one', bound.hostPort, '127.0.0.1');
    expect(await nextMessage(a.socket)).toEqual({
      data: Buffer.from('echo:one'),
      port: bound.hostPort,
    });
    b.socket.send('two', bound.hostPort, '127.0.0.1');
    expect((await nextMessage(b.socket)).data.toString()).toBe('echo:two');
    a.socket.send('three', bound.hostPort, '127.0.0.1');
    expect((await nextMessage(a.socket)).data.toString()).toBe('echo:three');
    expect(ports.published('c1')[0]?.connections).toBe(2);
    // a's session reused its socket; b had another one.
    expect(sources[0]).toBe(sources[2]);
    expect(sources[1]).not.toBe(sources[0]);

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(ports.published('c1')[0]?.connections).toBe(0);
    a.socket.send('four', bound.hostPort, '127.0.0.1');
    expect((await nextMessage(a.socket)).data.toString()).toBe('echo:four');
    expect(sources[3]).not.toBe(sources[0]);
  });

  it('ends a session the target refuses, and starts a new one with the next datagram', async () => {
    const closedTarget = await udpSocket();
    await new Promise<void>((resolve) => closedTarget.socket.close(() => resolve()));
    cleanups.pop();
    const ports = proxy();
    const bound = await ports.publish('c1', {
      protocol: 'udp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: closedTarget.port,
    });
    const client = await udpSocket();
    client.socket.send('anyone?', bound.hostPort, '127.0.0.1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    client.socket.send('anyone?', bound.hostPort, '127.0.0.1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ports.published('c1')[0]?.connections).toBe(0);
    // The container comes back on its port: traffic flows again.
    const revived = createSocket('udp4');
    revived.on('message', (data, remote) => revived.send(data, remote.port, '127.0.0.1'));
    await new Promise<void>((resolve) => revived.bind(closedTarget.port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => revived.close(() => resolve())));
    client.socket.send('back', bound.hostPort, '127.0.0.1');
    expect((await nextMessage(client.socket)).data.toString()).toBe('back');
  });

  it("refuses a taken UDP port with Docker's message, and unpublish frees it", async () => {
    const taken = await udpSocket();
    const ports = proxy();
    const binding = {
      protocol: 'udp' as const,
      hostIp: '127.0.0.1',
      hostPort: taken.port,
      targetAddress: '127.0.0.1',
      targetPort: 9,
    };
    await expect(ports.publish('c1', binding)).rejects.toThrow(
      `Bind for 127.0.0.1:${taken.port}/udp failed: port is already allocated`,
    );
    const bound = await ports.publish('c1', { ...binding, hostPort: 0 });
    await ports.unpublish('c1');
    const again = await ports.publish('c2', { ...binding, hostPort: bound.hostPort });
    expect(again.hostPort).toBe(bound.hostPort);
  });

  it('close ends everything and refuses new bindings', async () => {
    const ports = new UserlandPortProxy();
    const bound = await ports.publish('c1', {
      protocol: 'udp',
      hostIp: '127.0.0.1',
      hostPort: 0,
      targetAddress: '127.0.0.1',
      targetPort: 9,
    });
    await ports.close();
    expect(ports.published('c1')).toEqual([]);
    await expect(
      ports.publish('c1', {
        protocol: 'tcp',
        hostIp: '127.0.0.1',
        hostPort: bound.hostPort,
        targetAddress: '127.0.0.1',
        targetPort: 9,
      }),
    ).rejects.toThrow(/closed/);
  });
});
