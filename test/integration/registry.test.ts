// Push and pull through the engine port against a real registry behind htpasswd auth, with
// credentials resolved by src/images/credentials.ts from a temporary DOCKER_CONFIG: an
// `auths.auth` entry, and a credential helper program found on PATH.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine, type ProgressEvent } from '../../src/engine/index.js';
import { resolveRegistryCredentials } from '../../src/images/credentials.js';
import type { RegistryAuth } from '../../src/images/registry-auth.js';
import { busyboxImage, dockerClient } from '../support/engine.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const username = 'tscompose';
const password = `pw-${randomBytes(8).toString('hex')}`;
const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;

let registry: TestRegistry;
let engine: Engine;
let scratch: string;
let reference: string;

const basic = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');

/** A DOCKER_CONFIG dir holding `config`, and the environment that points at it. */
async function dockerConfig(name: string, config: unknown, extraPath?: string) {
  const dir = join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dir };
  if (extraPath) env['PATH'] = `${extraPath}:${process.env['PATH'] ?? ''}`;
  return env;
}

async function authFor(env: NodeJS.ProcessEnv): Promise<RegistryAuth> {
  const resolved = await resolveRegistryCredentials({ image: reference }, { env });
  expect(resolved.warnings).toEqual([]);
  if (!resolved.auth) throw new Error(`no credentials resolved for ${reference}`);
  return resolved.auth;
}

async function removeLocalTag(): Promise<void> {
  const docker = await dockerClient();
  try {
    // Untags only: busybox:latest keeps the image.
    await docker.getImage(reference).remove();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}

async function tagForRegistry(): Promise<void> {
  const docker = await dockerClient();
  await docker.getImage(busyboxImage).tag({ repo: `${registry.host}/tscompose-test/bb`, tag: '1' });
}

beforeAll(async () => {
  registry = await startTestRegistry({ auth: { username, password } });
  engine = await openEngine(process.env);
  scratch = await mkdtemp(join(tmpdir(), 'tscompose-registry-test-'));
  reference = `${registry.host}/tscompose-test/bb:1`;
  await tagForRegistry();
});

afterAll(async () => {
  if (reference) await removeLocalTag();
  await registry?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a registry behind htpasswd auth', () => {
  it('takes a push with auths.auth credentials, and gives the image back after the local tag is gone', async () => {
    const env = await dockerConfig('auths', {
      auths: { [registry.host]: { auth: basic(username, password) } },
    });
    const auth = await authFor(env);
    expect(auth.username).toBe(username);
    expect(auth.source).toMatchObject({ kind: 'config', key: registry.host });
    for (const printed of [JSON.stringify(auth), String(auth), inspect(auth)]) {
      expect(printed).not.toContain(password);
    }

    const pushed: ProgressEvent[] = [];
    await engine.pushImage(reference, { auth: auth.toEngineAuth() }, (e) => pushed.push(e));
    expect(pushed.some((e) => /digest: sha256:/.test(e.status ?? ''))).toBe(true);

    const busyboxId = (await engine.inspectImage(busyboxImage))?.id;
    await removeLocalTag();
    expect(await engine.inspectImage(reference)).toBeUndefined();

    await engine.pullImage(reference, { auth: auth.toEngineAuth() }, () => undefined);
    expect((await engine.inspectImage(reference))?.id).toBe(busyboxId);
  });

  it('pulls with credentials from a credential helper found on PATH', async () => {
    const bin = join(scratch, 'bin');
    await mkdir(bin, { recursive: true });
    const asked = join(scratch, 'helper-asked');
    const helper = join(bin, 'docker-credential-fake');
    // Answers like a real helper: the server URL on stdin, {ServerURL, Username, Secret} on stdout.
    await writeFile(
      helper,
      [
        '#!/bin/sh',
        '[ "$1" = get ] || exit 1',
        `url=$(cat); printf '%s' "$url" > '${asked}'`,
        `printf '{"ServerURL":"%s","Username":"${username}","Secret":"${password}"}' "$url"`,
        '',
      ].join('\n'),
    );
    await chmod(helper, 0o755);
    const env = await dockerConfig('helper', { credHelpers: { [registry.host]: 'fake' } }, bin);
    const auth = await authFor(env);
    expect(await readFile(asked, 'utf8')).toBe(registry.host);
    expect(auth.source).toMatchObject({ kind: 'helper', helper: 'fake' });
    expect(JSON.stringify(auth)).not.toContain(password);

    await removeLocalTag();
    await engine.pullImage(reference, { auth: auth.toEngineAuth() }, () => undefined);
    expect(await engine.inspectImage(reference)).toBeDefined();
  });

  it('refuses a wrong password with an error that says unauthorized and names the registry, not the password', async () => {
    const env = await dockerConfig('wrong', {
      auths: { [registry.host]: { auth: basic(username, wrongPassword) } },
    });
    const auth = await authFor(env);
    const failureOf = (attempt: Promise<void>) =>
      attempt.then(
        () => new Error('expected the registry to refuse the credentials'),
        (error: unknown) => error,
      );

    await tagForRegistry();
    const pushFailure = await failureOf(
      engine.pushImage(reference, { auth: auth.toEngineAuth() }, () => undefined),
    );
    await removeLocalTag();
    const pullFailure = await failureOf(
      engine.pullImage(reference, { auth: auth.toEngineAuth() }, () => undefined),
    );

    for (const failure of [pushFailure, pullFailure]) {
      expect(failure).toBeInstanceOf(Error);
      const message = (failure as Error).message;
      expect(message).toMatch(/unauthorized/i);
      expect(message).toContain(registry.host);
      expect(message).not.toContain(wrongPassword);
      expect(inspect(failure, { depth: 8 })).not.toContain(wrongPassword);
    }
  });
});

describe('a registry without auth', () => {
  it('takes an anonymous push and pull when the Docker config has nothing for it', async () => {
    await using open = await startTestRegistry();
    const openReference = `${open.host}/tscompose-test/bb:anon`;
    const env = await dockerConfig('empty', {});
    const resolved = await resolveRegistryCredentials({ image: openReference }, { env });
    expect(resolved.auth).toBeUndefined();

    const docker = await dockerClient();
    await docker
      .getImage(busyboxImage)
      .tag({ repo: `${open.host}/tscompose-test/bb`, tag: 'anon' });
    try {
      await engine.pushImage(openReference, {}, () => undefined);
      await docker.getImage(openReference).remove();
      await engine.pullImage(openReference, {}, () => undefined);
      expect(await engine.inspectImage(openReference)).toBeDefined();
    } finally {
      await docker
        .getImage(openReference)
        .remove()
        .catch(() => undefined);
    }
  });
});
