/**
 * Docker credential helpers (github.com/docker/docker-credential-helpers,
 * client.Get): `docker-credential-<name> get` reads the server URL on stdin
 * and prints `{"ServerURL", "Username", "Secret"}` on stdout. A helper that
 * has nothing for the server prints "credentials not found in native
 * keychain" and exits non-zero: that is "no credentials", not a failure.
 * `list` (client.List) prints `{"<server URL>": "<username>"}` for every
 * server the helper keeps credentials for.
 */
import { spawn } from 'node:child_process';
import { RegistryCredentialsError } from './credentials-error.js';

export const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';
/** A helper prints this as the username when the secret is an identity token. */
export const TOKEN_USERNAME = '<token>';

export type HelperAnswer =
  | { readonly kind: 'found'; readonly username: string; readonly secret: string }
  | { readonly kind: 'not-found' };

export type RunHelper = (helper: string, serverUrl: string) => Promise<HelperAnswer>;

interface Output {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function runProgram(
  program: string,
  command: 'get' | 'list',
  input: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [command], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    const finish = (output: Output) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(output);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      // A grandchild (a shell script's `sleep`) may hold the pipes open: do not wait for them.
      child.stdout.destroy();
      child.stderr.destroy();
      finish({ code: null, stdout: '', stderr: '', timedOut: true });
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A helper that exits without reading stdin makes the write fail with EPIPE: not our error.
    child.stdin.on('error', () => undefined);
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) =>
      finish({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut: false,
      }),
    );
    child.stdin.end(input);
  });
}

/**
 * What a failing helper said, when it is safe to repeat: one short line that
 * is not JSON (a helper that printed credentials and then failed must not
 * have them quoted in our error).
 */
function quotable(output: string): string | undefined {
  const text = output.trim();
  if (text === '' || text.includes('\n') || text.length > 200) return undefined;
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) return undefined;
  return text;
}

function parseAnswer(stdout: string): { username: string; secret: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { Username: username, Secret: secret } = parsed as Record<string, unknown>;
    if (typeof secret !== 'string') return undefined;
    return { username: typeof username === 'string' ? username : '', secret };
  } catch {
    return undefined;
  }
}

/** Runs `docker-credential-<helper> get` for one server URL. Throws `RegistryCredentialsError`. */
export async function getFromHelper(
  helper: string,
  serverUrl: string,
  options: { readonly env: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<HelperAnswer> {
  const program = `docker-credential-${helper}`;
  const fail = (code: RegistryCredentialsError['code'], message: string, cause?: unknown) =>
    new RegistryCredentialsError(message, { code, registry: serverUrl, helper, cause });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let output: Output;
  try {
    output = await runProgram(program, 'get', serverUrl, options.env, timeoutMs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw fail(
        'helper-not-found',
        `credential helper ${program} (for ${serverUrl}) was not found on PATH; install it or remove it from credsStore/credHelpers in the Docker config`,
        error,
      );
    }
    throw fail('helper-failed', `credential helper ${program} could not be started (${code})`);
  }
  if (output.timedOut) {
    throw fail(
      'helper-timeout',
      `credential helper ${program} gave no answer for ${serverUrl} within ${timeoutMs / 1000} s`,
    );
  }
  if (output.code !== 0) {
    const said = quotable(output.stdout) ?? quotable(output.stderr);
    if (said === NOT_FOUND_MESSAGE) return { kind: 'not-found' };
    throw fail(
      'helper-failed',
      `credential helper ${program} failed for ${serverUrl} (exit code ${output.code ?? 'signal'})${said ? `: ${said}` : ''}`,
    );
  }
  const answer = parseAnswer(output.stdout);
  if (!answer) {
    throw fail(
      'helper-output',
      `credential helper ${program} answered for ${serverUrl} with something other than {"Username", "Secret"} JSON`,
    );
  }
  return { kind: 'found', ...answer };
}

/**
 * The server URLs `docker-credential-<helper> list` names (its usernames are
 * dropped: nothing here needs them). Throws `RegistryCredentialsError`.
 */
export async function listFromHelper(
  helper: string,
  options: { readonly env: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<string[]> {
  const program = `docker-credential-${helper}`;
  const fail = (code: RegistryCredentialsError['code'], message: string, cause?: unknown) =>
    new RegistryCredentialsError(message, { code, registry: '(all)', helper, cause });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let output: Output;
  try {
    output = await runProgram(program, 'list', '', options.env, timeoutMs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(
      code === 'ENOENT' ? 'helper-not-found' : 'helper-failed',
      `credential helper ${program} could not be started to list its registries (${code})`,
      error,
    );
  }
  if (output.timedOut)
    throw fail(
      'helper-timeout',
      `credential helper ${program} did not list its registries within ${timeoutMs / 1000} s`,
    );
  if (output.code !== 0) {
    const said = quotable(output.stdout) ?? quotable(output.stderr);
    throw fail(
      'helper-failed',
      `credential helper ${program} failed to list its registries (exit code ${output.code ?? 'signal'})${said ? `: ${said}` : ''}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.stdout);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw fail(
      'helper-output',
      `credential helper ${program} listed its registries as something other than a JSON object`,
    );
  return Object.keys(parsed);
}
