/**
 * The built-in engine's registry client against a real registry behind
 * htpasswd auth: the Docker Engine pushes busybox:latest there, our client
 * pulls it into a fresh store with credentials from a temporary DOCKER_CONFIG,
 * and the result is the image Docker has (same config digest, same layers,
 * same manifest digest). A second pull downloads nothing; a wrong password
 * fails as "unauthorized", naming the registry and not the password.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pullImage,
  RegistryError,
  type PullProgress,
} from '../../src/builtin-engine/registry/index.js';
import { ImageStore } from '../../src/builtin-engine/store/index.js';
import { openEngine } from '../../src/engine/index.js';
import { resolveRegistryCredentials } from '../../src/images/credentials.js';
import type { RegistryAuth } from '../../src/images/registry-auth.js';
import { busyboxImage, dockerClient } from '../support/engine.js';
import { removeImages } from '../support/images.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const username = 'tscompose';
const password = `pw-${randomBytes(8).toString('hex')}`;
const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;

let registry: TestRegistry;
let scratch: string;
let reference: string;

async function credentials(name: string, secret: string): Promise<RegistryAuth> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  const auth = Buffer.from(`${username}:${secret}`).toString('base64');
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth } } }),
  );
  const resolved = await resolveRegistryCredentials(
    { image: reference },
    { env: { ...process.env, DOCKER_CONFIG: dir } },
  );
  if (resolved.auth === undefined) throw new Error(`no credentials resolved from ${dir}`);
  return resolved.auth;
}

beforeAll(async () => {
  registry = await startTestRegistry({ auth: { username, password } });
  scratch = await mkdtemp(join(tmpdir(), 'tscompose-builtin-pull-'));
  reference = `${registry.host}/tscompose-builtin/bb:latest`;
  const docker = await dockerClient();
  await docker
    .getImage(busyboxImage)
    .tag({ repo: `${registry.host}/tscompose-builtin/bb`, tag: 'latest' });
  const engine = await openEngine(process.env);
  const auth = await credentials('push', password);
  await engine.pushImage(reference, { auth: auth.toEngineAuth() }, () => undefined);
}, 120_000);

afterAll(async () => {
  if (reference) await removeImages([reference]);
  await registry?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('built-in engine: pull from a registry with credentials', () => {
  let store: ImageStore;

  it('pulls the image Docker pushed: same id, layers and manifest digest', async () => {
    store = await ImageStore.open(join(scratch, 'store'));
    const events: PullProgress[] = [];
    const result = await pullImage(store, reference, {
      auth: await credentials('good', password),
      onProgress: (event) => events.push(event),
    });

    const docker = await dockerClient();
    const expected = await docker.getImage(reference).inspect();
    expect(result.id).toBe(expected.Id);
    const pushedDigest = expected.RepoDigests.find((d) => d.startsWith(registry.host));
    expect(pushedDigest).toBe(`${registry.host}/tscompose-builtin/bb@${result.digest}`);

    const image = await store.inspect(reference);
    expect(image.id).toBe(expected.Id);
    expect(image.config.rootfs.diff_ids).toEqual(expected.RootFS.Layers);
    expect(image.references).toEqual(
      [reference, `${registry.host}/tscompose-builtin/bb@${result.digest}`].sort(),
    );
    expect(image.manifestDigests).toEqual([result.manifestDigest]);
    expect(result.downloaded).toEqual(
      expect.arrayContaining([expected.Id, ...image.manifest.layers.map((l) => l.digest)]),
    );
    expect(result.upToDate).toBe(false);

    const layerIds = image.manifest.layers.map((l) => l.digest.slice(7, 19));
    for (const id of layerIds) {
      const statuses = events.filter((e) => e.id === id).map((e) => e.status);
      expect(statuses[0]).toBe('Pulling fs layer');
      expect(statuses).toContain('Download complete');
    }
    expect(events[0]).toEqual({ status: 'Pulling from tscompose-builtin/bb', id: 'latest' });
    expect(events.map((e) => e.status).slice(-2)).toEqual([
      `Digest: ${result.digest}`,
      `Status: Downloaded newer image for ${reference}`,
    ]);
  });

  it('a second pull downloads nothing and says so', async () => {
    const events: PullProgress[] = [];
    const result = await pullImage(store, reference, {
      auth: await credentials('good', password),
      onProgress: (event) => events.push(event),
    });
    expect(result.downloaded).toEqual([]);
    expect(result.upToDate).toBe(true);
    const statuses = events.map((e) => e.status);
    expect(statuses).toContain('Already exists');
    expect(statuses).not.toContain('Downloading');
    expect(statuses).not.toContain('Pulling fs layer');
    expect(statuses.at(-1)).toBe(`Status: Image is up to date for ${reference}`);
  });

  it('a wrong password fails as unauthorized, naming the registry, never the password', async () => {
    const fresh = await ImageStore.open(join(scratch, 'store-wrong'));
    const error = await pullImage(fresh, reference, {
      auth: await credentials('wrong', wrongPassword),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'unauthorized', registry: registry.host });
    const message = (error as Error).message;
    expect(message).toMatch(/^unauthorized: /);
    expect(message).toContain(registry.host);
    expect(message).toContain(reference);
    for (const secret of [wrongPassword, password]) {
      expect(message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    expect(await fresh.list()).toEqual([]);
  });

  it('anonymous: unauthorized too, saying no credentials were used', async () => {
    const fresh = await ImageStore.open(join(scratch, 'store-anon'));
    await expect(pullImage(fresh, reference)).rejects.toThrow(
      /^unauthorized: .*\(pulling .* from registry 127\.0\.0\.1:\d+; anonymous\)/,
    );
  });
});
