// The registry map of a build (X-Registry-Config): a real config.json in a temporary
// DOCKER_CONFIG, real (shell) credential helpers on a temporary PATH, and dockerode
// talking to a fake engine on a unix socket, to see the header it sends.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../../src/engine/docker/docker-images.js';
import { registryConfigForBuild } from '../../../src/images/registry-config.js';

const SECRET = 'helper-secret-123';
const FILE_SECRET = 'file-password-456';
let dir: string;
let bin: string;

async function helper(name: string, body: string): Promise<void> {
  const file = join(bin, `docker-credential-${name}`);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

const basic = (text: string) => Buffer.from(text).toString('base64');

/** Writes config.json into its own DOCKER_CONFIG and resolves the build's registry map. */
async function resolveWith(config: unknown) {
  const configDir = await mkdtemp(join(dir, 'config-'));
  await writeFile(join(configDir, 'config.json'), JSON.stringify(config));
  return registryConfigForBuild({
    env: { DOCKER_CONFIG: configDir, PATH: `${bin}:/usr/bin:/bin` },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-registry-config-'));
  bin = join(dir, 'bin');
  await mkdir(bin);
  // A store that keeps two registries; `get` answers for them only.
  await helper(
    'store',
    `case "$1" in
  list) echo '{"store.example:5000":"alice","https://index.docker.io/v1/":"bob"}' ;;
  get) url=$(cat)
    case "$url" in
      store.example:5000) echo '{"ServerURL":"store.example:5000","Username":"alice","Secret":"${SECRET}"}' ;;
      https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"<token>","Secret":"${SECRET}"}' ;;
      *) echo "credentials not found in native keychain"; exit 1 ;;
    esac ;;
  *) exit 3 ;;
esac`,
  );
  await helper(
    'single',
    `[ "$1" = get ] || exit 3; url=$(cat)
echo "{\\"ServerURL\\":\\"$url\\",\\"Username\\":\\"carol\\",\\"Secret\\":\\"${SECRET}\\"}"`,
  );
  await helper('locked', `cat >/dev/null; echo '{"Secret":"${SECRET}"}'; exit 2`);
  await helper('nolist', `echo "list not supported"; exit 1`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the registry map of a build', () => {
  it('holds every auths entry, keyed as written, as engine auth configs', async () => {
    const { auths, warnings } = await resolveWith({
      auths: {
        '127.0.0.1:5000': { auth: basic(`user:${FILE_SECRET}`) },
        'https://index.docker.io/v1/': { identitytoken: 'tok' },
        'empty.example': {},
      },
    });
    expect({ ...auths['127.0.0.1:5000'] }).toEqual({
      username: 'user',
      password: FILE_SECRET,
      serveraddress: '127.0.0.1:5000',
    });
    expect({ ...auths['https://index.docker.io/v1/'] }).toEqual({
      identitytoken: 'tok',
      serveraddress: 'https://index.docker.io/v1/',
    });
    // An entry without credentials is no credentials.
    expect(Object.keys(auths).sort()).toEqual(['127.0.0.1:5000', 'https://index.docker.io/v1/']);
    expect(warnings).toEqual([]);
  });

  it('asks credHelpers for their registries, over an auths entry of the same one', async () => {
    const { auths } = await resolveWith({
      auths: { 'helped.example': { auth: basic(`user:${FILE_SECRET}`) } },
      credHelpers: { 'helped.example': 'single', 'other.example:443': 'single' },
    });
    expect({ ...auths['helped.example'] }).toMatchObject({ username: 'carol', password: SECRET });
    expect({ ...auths['other.example:443'] }).toEqual({
      username: 'carol',
      password: SECRET,
      serveraddress: 'other.example:443',
    });
  });

  it("adds what the credsStore's helper lists, reading <token> as an identity token", async () => {
    const { auths, warnings } = await resolveWith({ credsStore: 'store' });
    expect(Object.keys(auths).sort()).toEqual([
      'https://index.docker.io/v1/',
      'store.example:5000',
    ]);
    expect({ ...auths['store.example:5000'] }).toMatchObject({
      username: 'alice',
      password: SECRET,
    });
    expect({ ...auths['https://index.docker.io/v1/'] }).toEqual({
      identitytoken: SECRET,
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(warnings).toEqual([]);
  });

  it('leaves out, with a warning that holds no secret, what a helper cannot give', async () => {
    const { auths, warnings } = await resolveWith({
      auths: { 'ok.example': { auth: basic(`user:${FILE_SECRET}`) } },
      credHelpers: { 'locked.example': 'locked', 'missing.example': 'nosuchhelper' },
    });
    expect(Object.keys(auths)).toEqual(['ok.example']);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain('docker-credential-locked failed for locked.example');
    expect(warnings.join('\n')).toContain('docker-credential-nosuchhelper');
    expect(warnings.join('\n')).not.toContain(SECRET);
  });

  it("warns when the store's helper cannot list, and keeps the rest", async () => {
    const { auths, warnings } = await resolveWith({
      credsStore: 'nolist',
      credHelpers: { 'helped.example': 'single' },
    });
    expect(Object.keys(auths)).toEqual(['helped.example']);
    expect(warnings).toEqual([
      expect.stringContaining('docker-credential-nolist failed to list its registries'),
    ]);
  });

  it('is empty without a config file', async () => {
    const empty = await mkdtemp(join(dir, 'none-'));
    const result = await registryConfigForBuild({ env: { DOCKER_CONFIG: empty } });
    expect(result).toEqual({ auths: {}, warnings: [] });
  });

  it('redacts its secrets in every printed form', async () => {
    const { auths } = await resolveWith({ credHelpers: { 'helped.example': 'single' } });
    for (const printed of [
      JSON.stringify(auths),
      inspect(auths, { depth: 5 }),
      String(auths['helped.example']),
    ])
      expect(printed).not.toContain(SECRET);
  });
});

describe('the X-Registry-Config header of a build', () => {
  let server: Server;
  let socket: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    socket = join(dir, 'engine.sock');
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"stream":"Step 1/1 : FROM x\\n"}\n{"aux":{"ID":"sha256:abc"}}\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const build = async (options: Parameters<typeof buildImage>[2]) => {
    seen.length = 0;
    const docker = new Dockerode({ socketPath: socket });
    const result = await buildImage(
      docker,
      Readable.from([Buffer.alloc(1024)]),
      options,
      () => undefined,
    );
    return { result, headers: seen[0]?.headers ?? {}, url: seen[0]?.url ?? '' };
  };

  it('carries the secrets the registry map redacts when printed, and stays out of the query', async () => {
    const { auths } = await resolveWith({
      auths: { '127.0.0.1:5000': { auth: basic(`user:${FILE_SECRET}`) } },
    });
    const { result, headers, url } = await build({ t: ['app:1'], registryConfig: auths });
    expect(url).toContain('t=app');
    expect(url).not.toMatch(/registry|password|user/i);
    expect(result.imageId).toBe('sha256:abc');
    const header = headers['x-registry-config'];
    expect(typeof header).toBe('string');
    expect(JSON.parse(Buffer.from(header as string, 'base64').toString('utf8'))).toEqual({
      '127.0.0.1:5000': {
        username: 'user',
        password: FILE_SECRET,
        serveraddress: '127.0.0.1:5000',
      },
    });
  });

  it('sends no header when no registry has credentials', async () => {
    const { headers } = await build({ t: ['app:1'], registryConfig: {} });
    expect(headers['x-registry-config']).toBeUndefined();
    expect((await build({ t: ['app:1'] })).headers['x-registry-config']).toBeUndefined();
  });
});
