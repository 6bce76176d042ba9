/**
 * The one HTTP call the registry client needs, on node:http/https: a request
 * whose response body is left as a stream (layers are too big to buffer).
 * Redirects (registries send blob GETs to S3/CDN with 307) are followed, and
 * the Authorization header is dropped when a redirect leaves the origin, so
 * registry credentials never reach a storage host.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The final URL after redirects. */
  readonly url: string;
  readonly body: IncomingMessage;
}

/** Sends requests; a seam for tests. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

const MAX_REDIRECTS = 10;
/** A connection that sends nothing for this long is dropped. */
const IDLE_TIMEOUT_MS = 60_000;

function sendOnce(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: request.method,
        headers: request.headers,
        ...(request.signal !== undefined ? { signal: request.signal } : {}),
      },
      (res) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, url: url.href, body: res }),
    );
    req.setTimeout(IDLE_TIMEOUT_MS, () =>
      req.destroy(new Error(`no answer within ${IDLE_TIMEOUT_MS / 1000} s`)),
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Sends `request`, following redirects for GET and HEAD. */
export const sendRequest: HttpTransport = async (request) => {
  let current = request;
  for (let hop = 0; ; hop += 1) {
    const response = await sendOnce(current);
    const location = response.headers.location;
    const redirect = [301, 302, 303, 307, 308].includes(response.status);
    if (!redirect || location === undefined || current.method === 'POST') return response;
    response.body.resume();
    if (hop >= MAX_REDIRECTS) {
      throw new Error(`more than ${MAX_REDIRECTS} redirects from ${request.url}`);
    }
    const next = new URL(location, current.url);
    const sameOrigin = next.origin === new URL(current.url).origin;
    const headers = { ...current.headers };
    if (!sameOrigin) delete headers['Authorization'];
    current = { ...current, url: next.href, headers };
  }
};

/** The whole body as text, at most `limit` bytes (manifests, tokens, error bodies). */
export async function readText(body: IncomingMessage, limit: number): Promise<string> {
  return (await readBytes(body, limit)).toString('utf8');
}

export async function readBytes(body: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new Error(`response larger than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
