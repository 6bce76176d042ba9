/**
 * The Engine API facade: node:http on a unix socket, routing each request to
 * the daemon core (EngineCore) and turning what it returns or throws into the
 * Engine's responses. It holds no state of its own besides open connections,
 * which `close()` ends (streams and hijacked sessions included) so a daemon
 * shutdown never waits on a client that follows logs or events.
 */
import { ServerResponse, createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { chmod } from 'node:fs/promises';
import { EngineApiError, type EngineCore } from '../ports.js';
import {
  ApiContext,
  commonHeaders,
  errorResponse,
  type ServerIdentity,
  type UpgradeRequest,
} from './context.js';
import { Router, splitVersion } from './router.js';
import { addArchiveRoutes } from './routes-archive.js';
import { addContainerRoutes, addExecRoutes } from './routes-containers.js';
import { addImageRoutes } from './routes-images.js';
import { addNetworkRoutes, addVolumeRoutes } from './routes-resources.js';
import { addSystemRoutes, type Handler } from './routes-system.js';
import { prepareSocketPath } from './socket-file.js';

export interface ApiServerOptions {
  readonly socketPath: string;
  /** Mode of the socket file; 0660 by default (owner and group may connect). */
  readonly mode?: number;
  /** `Server` header; `tscompose-engine (linux)` by default. */
  readonly server?: string;
  /** Where unexpected handler failures are reported (the daemon's log); stderr by default. */
  readonly log?: (line: string) => void;
}

export interface ApiServer {
  readonly socketPath: string;
  /** Stops accepting, ends every open connection, removes the socket file. */
  close(): Promise<void>;
}

/** Every route the facade serves, in match order (fixed paths before `{param}` ones). */
export function buildRouter(): Router<Handler> {
  const router = new Router<Handler>();
  addSystemRoutes(router);
  addContainerRoutes(router);
  addArchiveRoutes(router);
  addExecRoutes(router);
  addNetworkRoutes(router);
  addVolumeRoutes(router);
  addImageRoutes(router);
  return router;
}

export async function startApiServer(
  core: EngineCore,
  options: ApiServerOptions,
): Promise<ApiServer> {
  const router = buildRouter();
  const identity: ServerIdentity = { server: options.server ?? 'tscompose-engine (linux)' };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sockets = new Set<Socket>();

  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    upgrade: UpgradeRequest | undefined,
  ): Promise<void> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    // The client leaving (or close()) aborts the core's work for this request.
    if (upgrade !== undefined) upgrade.socket.once('close', abort);
    else res.once('close', abort);
    const method = req.method ?? 'GET';
    try {
      const url = new URL(req.url ?? '/', 'http://engine');
      const { version, path } = splitVersion(url.pathname);
      const match = router.match(method, path);
      if (match === undefined) throw new EngineApiError(404, 'page not found');
      const ctx = new ApiContext(
        core,
        req,
        res,
        path,
        version,
        url.searchParams,
        match.params,
        controller.signal,
        identity,
        upgrade,
      );
      await match.handler(ctx);
      if (upgrade === undefined && !res.headersSent) {
        throw new Error(`${method} ${path}: the handler sent no response`);
      }
    } catch (error) {
      const { status, message, unexpected } = errorResponse(error);
      if (unexpected) {
        log(`engine api: ${method} ${req.url ?? ''} failed: ${(error as Error)?.stack ?? message}`);
      }
      if (res.headersSent || upgrade?.socket.destroyed === true) {
        // Mid-stream there is no status line left to change: cut the connection so the client sees it.
        res.destroy();
        upgrade?.socket.destroy();
        return;
      }
      const body = `${JSON.stringify({ message })}\n`;
      res.writeHead(status, {
        ...commonHeaders(identity),
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(method === 'HEAD' || status === 304 ? undefined : body);
    }
  }

  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    void dispatch(req, res, undefined);
  });
  // Idle keep-alive connections stay open, as dockerd's do (Go's server has no
  // idle timeout): Node's default closes them after 5 s, and a client whose
  // event loop was busy meanwhile (a test in spawnSync) then writes its next
  // request into a closed socket and gets EPIPE.
  server.keepAliveTimeout = 0;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  // Upgrade requests (attach, exec start with `Upgrade: tcp`) arrive as raw sockets.
  // A response bound to the socket serves errors and ordinary answers alike.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    void dispatch(req, res, { socket, head }).finally(() => {
      // Non-hijacked answers (errors, detached exec) close the connection once written.
      if (socket.destroyed || socket.writableEnded) return;
      if (res.writableFinished) socket.end();
      else res.once('finish', () => socket.end());
    });
  });

  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await prepareSocketPath(options.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  try {
    await chmod(options.socketPath, options.mode ?? 0o660);
  } catch (error) {
    server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    socketPath: options.socketPath,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
