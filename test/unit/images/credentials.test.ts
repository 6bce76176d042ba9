import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { HelperAnswer, RunHelper } from '../../../src/images/cred-helper.js';
import { RegistryCredentialsError } from '../../../src/images/credentials-error.js';
import { hostOfKey, resolveRegistryCredentials } from '../../../src/images/credentials.js';
import { dockerConfigDir, parseDockerConfig } from '../../../src/images/docker-config.js';

const SECRET = 's3cr3t-value';
const basic = (text: string) => Buffer.from(text).toString('base64');

/** Resolution against an in-memory config.json and a recorded fake helper. */
async function resolve(
  target: { image: string } | { registry: string },
  config: unknown,
  helperAnswers: Record<string, HelperAnswer> = {},
) {
  const calls: [string, string][] = [];
  const runHelper: RunHelper = async (helper, url) => {
    calls.push([helper, url]);
    const answer = helperAnswers[`${helper} ${url}`];
    return answer ?? { kind: 'not-found' };
  };
  const files: string[] = [];
  const result = await resolveRegistryCredentials(target, {
    env: { DOCKER_CONFIG: '/cfg', HOME: '/home/u' },
    readText: async (file) => {
      files.push(file);
      return config === undefined ? undefined : JSON.stringify(config);
    },
    runHelper,
  });
  return { ...result, calls, files };
}

describe('where the config is', () => {
  it('is $DOCKER_CONFIG/config.json, else ~/.docker/config.json', async () => {
    expect((await resolve({ image: 'busybox' }, undefined)).files).toEqual(['/cfg/config.json']);
    expect(dockerConfigDir({ HOME: '/home/u' })).toBe('/home/u/.docker');
  });

  it('is anonymous without a config file', async () => {
    const result = await resolve({ image: '127.0.0.1:5000/a' }, undefined);
    expect(result.auth).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });

  it('warns about malformed JSON without quoting the file, and goes anonymous', () => {
    const text = `{"auths": {"r": {"auth": "${basic(`u:${SECRET}`)}"}},, }`;
    const config = parseDockerConfig('/cfg/config.json', text);
    expect(config.auths).toEqual({});
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/^\/cfg\/config\.json is not valid JSON/);
    expect(config.warnings[0]).not.toContain(basic(`u:${SECRET}`));
  });
});

describe('auths entries', () => {
  it('decodes auth (base64 user:password) into the engine auth config', async () => {
    const { auth, key } = await resolve(
      { image: '127.0.0.1:5000/team/app:1' },
      { auths: { '127.0.0.1:5000': { auth: basic(`alice:${SECRET}:with:colons`) } } },
    );
    expect(key).toBe('127.0.0.1:5000');
    expect(auth?.username).toBe('alice');
    expect({ ...auth!.toEngineAuth() }).toEqual({
      username: 'alice',
      password: `${SECRET}:with:colons`,
      serveraddress: '127.0.0.1:5000',
    });
  });

  it('uses the Docker Hub key for docker.io images', async () => {
    const { auth } = await resolve(
      { image: 'busybox' },
      { auths: { 'https://index.docker.io/v1/': { auth: basic(`bob:${SECRET}`) } } },
    );
    expect(auth?.serverAddress).toBe('https://index.docker.io/v1/');
    expect(auth?.username).toBe('bob');
  });

  it.each(['https://127.0.0.1:5000', 'http://127.0.0.1:5000/v1/', '127.0.0.1:5000/v2/'])(
    'matches an entry written as %s',
    async (written) => {
      const { auth } = await resolve(
        { registry: '127.0.0.1:5000' },
        { auths: { [written]: { auth: basic(`u:${SECRET}`) } } },
      );
      expect(auth?.username).toBe('u');
      expect(auth?.source).toEqual({ kind: 'config', file: '/cfg/config.json', key: written });
    },
  );

  it('matches Docker Hub entries written as docker.io or index.docker.io', async () => {
    for (const written of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1']) {
      const { auth } = await resolve(
        { image: 'team/app' },
        { auths: { [written]: { auth: basic(`u:${SECRET}`) } } },
      );
      expect(auth?.username, written).toBe('u');
    }
  });

  it('prefers the exact key over a same-host one', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      {
        auths: {
          'https://r.example': { auth: basic('other:x') },
          'r.example': { auth: basic('exact:y') },
        },
      },
    );
    expect(auth?.username).toBe('exact');
  });

  it('does not match another host or port', async () => {
    const { auth } = await resolve(
      { registry: '127.0.0.1:5000' },
      { auths: { '127.0.0.1:5001': { auth: basic('u:p') }, '127.0.0.1': { auth: basic('u:p') } } },
    );
    expect(auth).toBeUndefined();
  });

  it('takes an identity token as {identitytoken, serveraddress}', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      { auths: { 'r.example': { identitytoken: SECRET } } },
    );
    expect({ ...auth!.toEngineAuth() }).toEqual({
      identitytoken: SECRET,
      serveraddress: 'r.example',
    });
  });

  it('takes username/password written out', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      { auths: { 'r.example': { username: 'u', password: SECRET } } },
    );
    expect({ ...auth!.toEngineAuth() }).toMatchObject({ username: 'u', password: SECRET });
  });

  it.each([basic('nocolon'), basic(':nouser'), 'not base64!', 'YWJj'])(
    'warns about a bad auth value (%s) and skips the entry',
    async (value) => {
      const { auth, warnings } = await resolve(
        { registry: 'r.example' },
        { auths: { 'r.example': { auth: value } } },
      );
      expect(auth).toBeUndefined();
      expect(warnings).toEqual([
        'auths["r.example"].auth in /cfg/config.json is not base64 of "user:password"; ignoring that entry',
      ]);
    },
  );
});

describe('credential helpers', () => {
  const found = (username: string): HelperAnswer => ({ kind: 'found', username, secret: SECRET });

  it('asks credHelpers[key] with the key as server URL', async () => {
    const result = await resolve(
      { image: '127.0.0.1:5000/app' },
      { credHelpers: { '127.0.0.1:5000': 'fake' }, credsStore: 'store' },
      { 'fake 127.0.0.1:5000': found('helper-user') },
    );
    expect(result.calls).toEqual([['fake', '127.0.0.1:5000']]);
    expect(result.auth?.username).toBe('helper-user');
    expect(result.auth?.source).toEqual({
      kind: 'helper',
      helper: 'fake',
      file: '/cfg/config.json',
    });
  });

  it('falls back to credsStore, asking with the Docker Hub URL for hub images', async () => {
    const result = await resolve(
      { image: 'busybox' },
      { credsStore: 'desktop', credHelpers: { 'other.example': 'x' } },
      { 'desktop https://index.docker.io/v1/': found('hubuser') },
    );
    expect(result.calls).toEqual([['desktop', 'https://index.docker.io/v1/']]);
    expect(result.auth?.username).toBe('hubuser');
  });

  it('reads username <token> as an identity token', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      { credsStore: 'store' },
      { 'store r.example': found('<token>') },
    );
    expect(auth?.kind).toBe('identity-token');
    expect({ ...auth!.toEngineAuth() }).toEqual({
      identitytoken: SECRET,
      serveraddress: 'r.example',
    });
  });

  it('is anonymous when the helper has nothing, even with an auths entry (as the CLI)', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      { credsStore: 'store', auths: { 'r.example': { auth: basic('u:p') } } },
    );
    expect(auth).toBeUndefined();
  });

  it('lets helper failures through as RegistryCredentialsError', async () => {
    const failing = resolveRegistryCredentials(
      { registry: 'r.example' },
      {
        env: { DOCKER_CONFIG: '/cfg' },
        readText: async () => JSON.stringify({ credsStore: 'broken' }),
        runHelper: async () => {
          throw new RegistryCredentialsError('helper broke', {
            code: 'helper-failed',
            registry: 'r.example',
            helper: 'broken',
          });
        },
      },
    );
    await expect(failing).rejects.toBeInstanceOf(RegistryCredentialsError);
  });
});

describe('credentials never print', () => {
  it('redacts the resolved value and the engine auth config in every printed form', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      { auths: { 'r.example': { auth: basic(`alice:${SECRET}`) } } },
    );
    const engineAuth = auth!.toEngineAuth();
    const printed = [
      JSON.stringify(auth),
      JSON.stringify({ nested: auth }),
      String(auth),
      `${auth}`,
      inspect(auth),
      inspect({ deep: { auth } }, { depth: 10 }),
      JSON.stringify(engineAuth),
      JSON.stringify({ authconfig: engineAuth }),
      String(engineAuth),
      inspect(engineAuth),
    ];
    for (const text of printed) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(basic(`alice:${SECRET}`));
    }
    expect(JSON.stringify(auth)).toContain('<redacted>');
    expect(String(auth)).toBe(
      'credentials for r.example (user alice, from auths["r.example"] in /cfg/config.json)',
    );
  });

  it('still hands the secret to the engine through a spread copy and the header encoding', async () => {
    const { auth } = await resolve(
      { registry: 'r.example' },
      { auths: { 'r.example': { auth: basic(`alice:${SECRET}`) } } },
    );
    expect(JSON.stringify({ ...auth!.toEngineAuth() })).toContain(SECRET);
    const header = JSON.parse(Buffer.from(auth!.encodeHeader(), 'base64url').toString('utf8'));
    expect(header).toEqual({ username: 'alice', password: SECRET, serveraddress: 'r.example' });
  });
});

describe('hostOfKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['docker.io', 'index.docker.io'],
    ['registry-1.docker.io', 'index.docker.io'],
    ['HTTP://R.Example:5000/path', 'r.example:5000'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
  ])('%s → %s', (key, host) => {
    expect(hostOfKey(key)).toBe(host);
  });
});
