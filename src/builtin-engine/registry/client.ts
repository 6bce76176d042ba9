/**
 * A registry session for one repository: authenticated GETs of the
 * distribution API v2 (manifests and blobs), answering a 401 challenge once
 * and reusing the answer for the requests after it (a session is one pull, so
 * a bearer token outlives it). Status codes become typed errors.
 */
import type { IncomingMessage } from 'node:http';
import type { RegistryAuth } from '../../images/registry-auth.js';
import { digestOfBytes, isDigest, type Digest } from '../digest.js';
import { MediaType } from '../store/index.js';
import {
  answerChallenge,
  initialAuthorization,
  secretOf,
  secretValues,
  type Secret,
} from './auth.js';
import type { RegistryEndpoint } from './endpoint.js';
import { describeErrorBody, pullError, type ErrorContext } from './errors.js';
import { readBytes, readText, sendRequest, type HttpResponse, type HttpTransport } from './http.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

export interface RegistryClientOptions {
  readonly endpoint: RegistryEndpoint;
  /** `team/app`, `library/busybox`. */
  readonly repository: string;
  /** The image as the user named it, for messages. */
  readonly reference: string;
  readonly auth?: RegistryAuth;
  readonly transport?: HttpTransport;
  readonly signal?: AbortSignal;
}

export interface FetchedManifest {
  /** As received: their digest is the manifest's digest. */
  readonly bytes: Buffer;
  readonly digest: Digest;
  readonly mediaType: string;
  readonly document: Readonly<Record<string, unknown>>;
}

/** Manifests are small; anything bigger is not one (containerd's limit). */
const MANIFEST_LIMIT = 4 << 20;
const ERROR_BODY_LIMIT = 64 << 10;

const ACCEPT = [
  MediaType.ociIndex,
  MediaType.dockerManifestList,
  MediaType.ociManifest,
  MediaType.dockerManifest,
].join(', ');

export class RegistryClient {
  readonly context: ErrorContext;
  private readonly secret: Secret;
  private readonly secrets: string[];
  private readonly transport: HttpTransport;
  private authorization: string | undefined;

  constructor(private readonly options: RegistryClientOptions) {
    this.secret = secretOf(options.auth);
    this.secrets = secretValues(this.secret);
    this.authorization = initialAuthorization(this.secret);
    this.transport = options.transport ?? sendRequest;
    this.context = {
      registry: options.endpoint.registry,
      reference: options.reference,
      ...(options.auth !== undefined ? { credentials: options.auth.toString() } : {}),
      secrets: this.secrets,
    };
  }

  /** `GET /v2/<name>/manifests/<tag or digest>`, checked against the digest when one was asked for. */
  async manifest(reference: string): Promise<FetchedManifest> {
    const response = await this.get(`manifests/${reference}`, `manifest ${reference}`, {
      Accept: ACCEPT,
    });
    const bytes = await readBytes(response.body, MANIFEST_LIMIT).catch((error: unknown) => {
      throw pullError(
        this.context,
        'invalid-response',
        `manifest ${reference}: ${(error as Error).message}`,
        error,
      );
    });
    const digest = digestOfBytes(bytes);
    if (isDigest(reference) && digest !== reference) {
      throw pullError(
        this.context,
        'digest-mismatch',
        `manifest ${reference} arrived with digest ${digest}`,
      );
    }
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (error) {
      throw pullError(this.context, 'invalid-response', `manifest ${reference} is not JSON`, error);
    }
    const declared = typeof document['mediaType'] === 'string' ? document['mediaType'] : undefined;
    const contentType = response.headers['content-type']?.split(';')[0]?.trim();
    const mediaType = declared ?? contentType ?? '';
    return { bytes, digest, mediaType, document };
  }

  /** `GET /v2/<name>/blobs/<digest>`: the body, to stream into the store. */
  async blob(digest: Digest, what: string): Promise<IncomingMessage> {
    return (await this.get(`blobs/${digest}`, what, {})).body;
  }

  private url(path: string): string {
    return `${this.options.endpoint.baseUrl}/v2/${this.options.repository}/${path}`;
  }

  private async send(
    path: string,
    headers: Readonly<Record<string, string>>,
  ): Promise<HttpResponse> {
    const all = {
      ...headers,
      ...(this.authorization !== undefined ? { Authorization: this.authorization } : {}),
    };
    try {
      return await this.transport({
        method: 'GET',
        url: this.url(path),
        headers: all,
        ...(this.options.signal !== undefined ? { signal: this.options.signal } : {}),
      });
    } catch (error) {
      if (this.options.signal?.aborted === true) throw error;
      throw pullError(
        this.context,
        'unreachable',
        `GET ${this.url(path)}: ${(error as Error).message}`,
        error,
      );
    }
  }

  private async get(
    path: string,
    what: string,
    headers: Readonly<Record<string, string>>,
  ): Promise<HttpResponse> {
    let response = await this.send(path, headers);
    if (response.status === 401) {
      const challenges = parseWwwAuthenticate(response.headers['www-authenticate']);
      response.body.resume();
      this.authorization = await answerChallenge({
        challenges,
        secret: this.secret,
        scope: `repository:${this.options.repository}:pull`,
        context: this.context,
        transport: this.transport,
        ...(this.options.signal !== undefined ? { signal: this.options.signal } : {}),
      });
      this.secrets.push(this.authorization.replace(/^\S+ /, ''));
      response = await this.send(path, headers);
    }
    if (response.status === 200) return response;
    const body = await readText(response.body, ERROR_BODY_LIMIT).catch(() => '');
    const reason = describeErrorBody(body);
    if (response.status === 401 || response.status === 403) {
      throw pullError(this.context, 'unauthorized', reason ?? 'authentication required');
    }
    if (response.status === 404) {
      throw pullError(this.context, 'not-found', `${what}: ${reason ?? 'not found'}`);
    }
    throw pullError(
      this.context,
      'invalid-response',
      `${what}: HTTP ${response.status}${reason !== undefined ? ` (${reason})` : ''}`,
    );
  }
}
