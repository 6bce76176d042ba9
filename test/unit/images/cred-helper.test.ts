// The helper protocol against real (tiny, shell) helper programs on a temporary PATH.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFromHelper } from '../../../src/images/cred-helper.js';
import { RegistryCredentialsError } from '../../../src/images/credentials-error.js';

const SECRET = 'helper-secret-123';
let bin: string;

async function helper(name: string, body: string): Promise<void> {
  const file = join(bin, `docker-credential-${name}`);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

const env = () => ({ PATH: `${bin}:/usr/bin:/bin` });

beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'tscompose-cred-helper-'));
  await helper(
    'ok',
    `[ "$1" = get ] || exit 3; url=$(cat); printf '%s' "$url" > "${'$'}{0}.asked"
printf '{"ServerURL":"%s","Username":"u","Secret":"${SECRET}"}\\n' "$url"`,
  );
  await helper('none', `cat >/dev/null; echo "credentials not found in native keychain"; exit 1`);
  await helper('broken', `cat >/dev/null; echo "keychain locked"; exit 2`);
  await helper('leaky', `cat >/dev/null; echo '{"Username":"u","Secret":"${SECRET}"}'; exit 1`);
  await helper('garbage', `cat >/dev/null; echo 'Secret=${SECRET}'`);
  await helper('slow', `sleep 5`);
});

afterAll(async () => {
  await rm(bin, { recursive: true, force: true });
});

async function failure(name: string, timeoutMs?: number): Promise<RegistryCredentialsError> {
  const error = await getFromHelper(name, 'r.example:5000', {
    env: env(),
    ...(timeoutMs ? { timeoutMs } : {}),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryCredentialsError);
  const typed = error as RegistryCredentialsError;
  expect(typed.message).not.toContain(SECRET);
  return typed;
}

describe('getFromHelper', () => {
  it('sends the server URL on stdin of `get` and reads Username/Secret', async () => {
    const answer = await getFromHelper('ok', 'r.example:5000', { env: env() });
    expect(answer).toEqual({ kind: 'found', username: 'u', secret: SECRET });
    expect(await readFile(join(bin, 'docker-credential-ok.asked'), 'utf8')).toBe('r.example:5000');
  });

  it('reads "credentials not found" as no credentials', async () => {
    expect(await getFromHelper('none', 'r.example:5000', { env: env() })).toEqual({
      kind: 'not-found',
    });
  });

  it('names a helper missing from PATH', async () => {
    const error = await failure('absent');
    expect(error.code).toBe('helper-not-found');
    expect(error.message).toContain('docker-credential-absent');
    expect(error.message).toContain('r.example:5000');
  });

  it('quotes a failing helper’s one-line message', async () => {
    const error = await failure('broken');
    expect(error.code).toBe('helper-failed');
    expect(error.message).toBe(
      'credential helper docker-credential-broken failed for r.example:5000 (exit code 2): keychain locked',
    );
  });

  it('never quotes JSON output of a failing helper', async () => {
    const error = await failure('leaky');
    expect(error.message).toMatch(/failed for r\.example:5000 \(exit code 1\)$/);
  });

  it('refuses output that is not the JSON answer, without quoting it', async () => {
    expect((await failure('garbage')).code).toBe('helper-output');
  });

  it('gives up on a helper that does not answer', async () => {
    expect((await failure('slow', 300)).code).toBe('helper-timeout');
  });
});
