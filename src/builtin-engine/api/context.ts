/**
 * One request as the route handlers see it: parsed path, query, body readers
 * and response helpers that put the Engine's headers and error shape on every
 * answer. A request that asked for a connection upgrade (attach, exec start)
 * arrives as a raw socket; its response object is bound to that socket so the
 * same handlers and error paths serve both kinds.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { EngineApiError, type EngineCore } from '../ports.js';
import { API_VERSION } from './router.js';

/** JSON bodies are configs, never data: anything larger is a client bug. */
const MAX_JSON_BODY = 16 * 1024 * 1024;

export interface ServerIdentity {
  /** `Server` header: `tscompose-engine/0.1.0 (linux)`. */
  readonly server: string;
}

export interface UpgradeRequest {
  readonly socket: Socket;
  /** Bytes the HTTP parser read past the headers (start of the body, or of stdin). */
  readonly head: Buffer;
}

/** Headers the Engine puts on every response; clients read Api-Version from any of them. */
export function commonHeaders(identity: ServerIdentity): Record<string, string> {
  return {
    'Api-Version': API_VERSION,
    'Docker-Experimental': 'false',
    Ostype: 'linux',
    Server: identity.server,
  };
}

/** Reads exactly `length` bytes that follow the headers of an upgrade request; the rest stays in the socket. */
function readUpgradeBody(upgrade: UpgradeRequest, length: number): Promise<Buffer> {
  const { socket } = upgrade;
  return new Promise((resolve, reject) => {
    let buffered = upgrade.head;
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
    };
    const finish = () => {
      cleanup();
      socket.pause();
      const rest = buffered.subarray(length);
      if (rest.length > 0) socket.unshift(rest);
      resolve(buffered.subarray(0, length));
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= length) finish();
    };
    const onEnd = () => {
      cleanup();
      reject(new EngineApiError(400, 'the request body ended before its Content-Length'));
    };
    if (buffered.length >= length) {
      finish();
      return;
    }
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onEnd);
  });
}

export class ApiContext {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  private bodyRead: Promise<Buffer> | undefined;

  constructor(
    readonly core: EngineCore,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly path: string,
    readonly version: string,
    readonly query: URLSearchParams,
    readonly params: Readonly<Record<string, string>>,
    readonly signal: AbortSignal,
    readonly identity: ServerIdentity,
    readonly upgrade: UpgradeRequest | undefined,
  ) {
    this.method = req.method ?? 'GET';
    this.headers = req.headers;
  }

  /** A path parameter (the router guarantees it is present). */
  param(name: string): string {
    return this.params[name] ?? '';
  }

  /** The whole request body (empty when there is none). */
  body(): Promise<Buffer> {
    this.bodyRead ??= this.readBody();
    return this.bodyRead;
  }

  private async readBody(): Promise<Buffer> {
    const declared = Number(this.headers['content-length'] ?? '0');
    if (this.upgrade !== undefined) {
      // After an upgrade only a Content-Length body is the request's; any other bytes are stdin.
      if (!Number.isFinite(declared) || declared <= 0) return Buffer.alloc(0);
      if (declared > MAX_JSON_BODY) throw new EngineApiError(400, 'request body too large');
      return readUpgradeBody(this.upgrade, declared);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_JSON_BODY) throw new EngineApiError(400, 'request body too large');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /** The body as JSON; an empty body is `{}` unless `required` names what was expected (then 400). */
  async json<T>(required?: string): Promise<T> {
    const text = (await this.body()).toString('utf8').trim();
    if (text === '') {
      if (required !== undefined) throw new EngineApiError(400, required);
      return {} as T;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new EngineApiError(400, `invalid JSON in request body: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new EngineApiError(400, 'invalid request body: expected a JSON object');
    }
    return parsed as T;
  }

  /** The body as a stream of bytes (load, import); not available on an upgraded connection. */
  bodyStream(): Readable {
    if (this.upgrade !== undefined) {
      throw new EngineApiError(400, 'this endpoint does not take an upgraded connection');
    }
    return this.req;
  }

  /** An answer with no body (204, 304, 200 for connect/resize …). */
  empty(status: number): void {
    this.res.writeHead(status, commonHeaders(this.identity));
    this.res.end();
  }

  sendJson(status: number, value: unknown): void {
    const body = `${JSON.stringify(value)}\n`;
    this.res.writeHead(status, {
      ...commonHeaders(this.identity),
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    this.res.end(this.method === 'HEAD' ? undefined : body);
  }

  sendText(status: number, text: string, extra: Record<string, string> = {}): void {
    this.res.writeHead(status, {
      ...commonHeaders(this.identity),
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...extra,
    });
    this.res.end(this.method === 'HEAD' ? undefined : text);
  }

  /** Starts a streamed 200 answer and sends the headers at once, so clients know the request was accepted. */
  startStream(contentType: string): Writable {
    this.res.writeHead(200, { ...commonHeaders(this.identity), 'Content-Type': contentType });
    this.res.flushHeaders();
    return this.res;
  }
}

/** `{"message": ...}` with the error's status; anything but an EngineApiError is a 500 that the caller logs. */
export function errorResponse(error: unknown): {
  status: number;
  message: string;
  unexpected: boolean;
} {
  if (error instanceof EngineApiError) {
    return { status: error.status, message: error.message, unexpected: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, message: message === '' ? 'internal error' : message, unexpected: true };
}
