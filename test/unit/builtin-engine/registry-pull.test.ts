/**
 * The registry client against an in-process fake registry that speaks token
 * auth (what the integration test's htpasswd registry does not): 401 Bearer
 * challenge → token from the realm with Basic credentials → retry; a manifest
 * list resolved to one platform; layer blobs redirected to another origin,
 * which must not see the Authorization header; a tampered layer refused.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullImage, type PullProgress } from '../../../src/builtin-engine/registry/index.js';
import { ImageStore } from '../../../src/builtin-engine/store/index.js';
import { RegistryAuth } from '../../../src/images/registry-auth.js';
import { sandbox, sha256, type Sandbox } from './helpers.js';

const TOKEN = 'tok-0123456789';
const layer = Buffer.from('pretend this is a gzipped tar');
let served = layer;
const config = Buffer.from(
  JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [sha256('the tar')] },
  }),
);
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256(layer),
        size: layer.length,
      },
    ],
  }),
);
const index = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256('other'),
        size: 5,
        platform: { os: 'linux', architecture: 'arm64' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256(manifest),
        size: manifest.length,
        platform: { os: 'linux', architecture: 'amd64' },
      },
    ],
  }),
);

let registry: Server;
let storage: Server;
let host: string;
/** `METHOD path auth` of every request, to check what each server saw. */
const log: string[] = [];

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  storage = await listen((req, res) => {
    log.push(`storage ${req.url} ${req.headers.authorization ?? '-'}`);
    res.end(served);
  });
  registry = await listen((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    log.push(`registry ${url.pathname} ${req.headers.authorization ?? '-'}`);
    if (url.pathname === '/token') {
      const ok =
        req.headers.authorization === `Basic ${Buffer.from('u:secret-pw').toString('base64')}`;
      const scopeOk = url.searchParams.getAll('scope').includes('repository:team/app:pull');
      res.writeHead(ok && scopeOk ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(
        ok && scopeOk ? JSON.stringify({ token: TOKEN, expires_in: 300 }) : '{"details":"bad"}',
      );
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="http://${host}/token",service="fake",scope="repository:team/app:pull"`,
        'Content-Type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const send = (type: string, body: Buffer) => {
      res.writeHead(200, { 'Content-Type': type });
      res.end(body);
    };
    if (url.pathname === '/v2/team/app/manifests/latest')
      send('application/vnd.oci.image.index.v1+json', index);
    else if (url.pathname === `/v2/team/app/manifests/${sha256(manifest)}`)
      send('application/vnd.oci.image.manifest.v1+json', manifest);
    else if (url.pathname === `/v2/team/app/blobs/${sha256(config)}`)
      send('application/octet-stream', config);
    else if (url.pathname === `/v2/team/app/blobs/${sha256(layer)}`) {
      res.writeHead(307, { Location: `http://127.0.0.1:${portOf(storage)}/bucket/layer` });
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    }
  });
  host = `127.0.0.1:${portOf(registry)}`;
});
afterAll(async () => {
  await new Promise((resolve) => registry.close(resolve));
  await new Promise((resolve) => storage.close(resolve));
});

let box: Sandbox;
let store: ImageStore;
beforeEach(async () => {
  box = await sandbox();
  store = await ImageStore.open(join(box.dir, 'store'));
  log.length = 0;
  served = layer;
});
afterEach(() => box.remove());

const source = { kind: 'config', file: '/x/config.json', key: 'k' } as const;
const platform = { os: 'linux', architecture: 'amd64' };

describe('registry client: token auth, manifest lists, redirects', () => {
  it('gets a token with Basic credentials, resolves the list to linux/amd64, keeps credentials off the storage host', async () => {
    const events: PullProgress[] = [];
    const auth = RegistryAuth.password(host, 'u', 'secret-pw', source);
    const result = await pullImage(store, `${host}/team/app`, {
      auth,
      platform,
      onProgress: (e) => events.push(e),
    });
    expect(result).toMatchObject({
      id: sha256(config),
      digest: sha256(index),
      manifestDigest: sha256(manifest),
    });
    const image = await store.inspect(`${host}/team/app:latest`);
    expect(image.references).toEqual([
      `${host}/team/app:latest`,
      `${host}/team/app@${sha256(index)}`,
    ]);
    expect(log.filter((line) => line.startsWith('registry /token'))).toHaveLength(1);
    expect(log.find((line) => line.startsWith('storage'))).toBe('storage /bucket/layer -');
    const id = sha256(layer).slice(7, 19);
    expect(events.filter((e) => e.id === id).map((e) => e.status)).toEqual([
      'Pulling fs layer',
      'Downloading',
      'Verifying Checksum',
      'Download complete',
      'Pull complete',
    ]);
  });

  it('a refused token request is "unauthorized", without the password', async () => {
    const auth = RegistryAuth.password(host, 'u', 'not-the-pw', source);
    const error = (await pullImage(store, `${host}/team/app`, { auth, platform }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toMatchObject({ code: 'unauthorized', registry: host });
    expect(error.message).toContain(`token server http://${host}`);
    expect(error.message).not.toContain('not-the-pw');
  });

  it('refuses a layer whose bytes do not match its digest, and stores no image', async () => {
    served = Buffer.from('pretend this is a gzipped taR');
    const auth = RegistryAuth.password(host, 'u', 'secret-pw', source);
    await expect(pullImage(store, `${host}/team/app`, { auth, platform })).rejects.toMatchObject({
      code: 'digest-mismatch',
    });
    expect(await store.list()).toEqual([]);
    expect(await store.blobs.has(sha256(layer))).toBe(false);
  });

  it('names what is missing, and a platform the list lacks', async () => {
    const auth = RegistryAuth.password(host, 'u', 'secret-pw', source);
    await expect(pullImage(store, `${host}/team/app:nope`, { auth, platform })).rejects.toThrow(
      /^not found: manifest nope: manifest unknown \(pulling .*team\/app:nope from registry 127\.0\.0\.1:\d+; credentials for/,
    );
    await expect(
      pullImage(store, `${host}/team/app`, {
        auth,
        platform: { os: 'linux', architecture: 's390x' },
      }),
    ).rejects.toThrow(
      /no manifest for linux\/s390x in the manifest list \(it has linux\/arm64, linux\/amd64\)/,
    );
  });
});
