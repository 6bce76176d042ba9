/**
 * Registry credentials resolved the way the Docker CLI resolves them
 * (cli/config/configfile `GetAuthConfig` → `GetCredentialsStore`):
 *
 * 1. `credHelpers[key]`, else `credsStore`: the helper alone decides (a helper
 *    that has nothing means anonymous, even if `auths` has an entry: the CLI's
 *    native store overwrites the file entry's fields with the helper's answer).
 *    Username `<token>` means the secret is an identity token.
 * 2. Otherwise `auths[key]`: `auth` (base64 `user:password`), or
 *    `username`/`password`, or `identitytoken` / `registrytoken`. Besides the
 *    exact key, an entry whose key names the same host with a scheme or a path
 *    (`https://127.0.0.1:5000/v1/`) matches, as the CLI's `ConvertToHostname`
 *    fallback does; we also accept it the other way round, and `docker.io`,
 *    `index.docker.io` and `registry-1.docker.io` for Docker Hub.
 * 3. Nothing configured (or no config file): anonymous (`auth` undefined).
 *
 * The key is `registryAuthKey(registry)`: Docker Hub is `https://index.docker.io/v1/`.
 */
import { getFromHelper, TOKEN_USERNAME, type RunHelper } from './cred-helper.js';
import {
  loadDockerConfig,
  type AuthEntry,
  type DockerConfig,
  type ReadText,
} from './docker-config.js';
import { parseImageReference, registryAuthKey } from './reference.js';
import { RegistryAuth, type AuthSource } from './registry-auth.js';

export interface ResolveOptions {
  /** Environment: `DOCKER_CONFIG`, `HOME`, and `PATH` for credential helpers. */
  readonly env: NodeJS.ProcessEnv;
  /** Test seams; the defaults read the file system and run the helper program. */
  readonly readText?: ReadText;
  readonly runHelper?: RunHelper;
}

export interface ResolvedCredentials {
  /** The config key asked for (`127.0.0.1:5000`, `https://index.docker.io/v1/`). */
  readonly key: string;
  /** Undefined: anonymous. */
  readonly auth: RegistryAuth | undefined;
  /** Config problems the CLI would warn about (never containing credentials). */
  readonly warnings: readonly string[];
}

const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://host:5000/v1/` → `host:5000`; Docker Hub's names → `index.docker.io`. */
export function hostOfKey(key: string): string {
  let host = key;
  const scheme = host.indexOf('://');
  if (scheme >= 0) host = host.slice(scheme + 3);
  host = host.split('/')[0] ?? '';
  host = host.toLowerCase();
  return HUB_HOSTS.has(host) ? 'index.docker.io' : host;
}

/** The exact key first, then any key naming the same host (sorted, so the choice is stable). */
function findByHost<T>(table: Readonly<Record<string, T>>, key: string): [string, T] | undefined {
  const exact = table[key];
  if (exact !== undefined) return [key, exact];
  const host = hostOfKey(key);
  const candidate = Object.keys(table)
    .sort()
    .find((other) => hostOfKey(other) === host);
  return candidate === undefined ? undefined : [candidate, table[candidate]!];
}

/** The CLI's decodeAuth: base64 of `user:password`, the user non-empty, NULs trimmed off the password. */
function decodeAuth(encoded: string): { username: string; password: string } | undefined {
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, ''),
  };
}

function fromEntry(
  key: string,
  entryKey: string,
  entry: AuthEntry,
  file: string,
  warnings: string[],
): RegistryAuth | undefined {
  const source: AuthSource = { kind: 'config', file, key: entryKey };
  if (entry.identitytoken) return RegistryAuth.identityToken(key, entry.identitytoken, source);
  if (entry.registrytoken) return RegistryAuth.registryToken(key, entry.registrytoken, source);
  if (entry.auth) {
    const decoded = decodeAuth(entry.auth);
    if (decoded) return RegistryAuth.password(key, decoded.username, decoded.password, source);
    warnings.push(
      `auths["${entryKey}"].auth in ${file} is not base64 of "user:password"; ignoring that entry`,
    );
    return undefined;
  }
  if (entry.username && entry.password !== undefined) {
    return RegistryAuth.password(key, entry.username, entry.password, source);
  }
  return undefined;
}

function helperFor(config: DockerConfig, key: string): string | undefined {
  return findByHost(config.credHelpers, key)?.[1] ?? config.credsStore;
}

/** Resolves credentials for a config key with an already loaded config. */
export async function credentialsFromConfig(
  config: DockerConfig,
  key: string,
  options: ResolveOptions,
): Promise<ResolvedCredentials> {
  const warnings = [...config.warnings];
  const helper = helperFor(config, key);
  if (helper) {
    const run: RunHelper =
      options.runHelper ?? ((name, url) => getFromHelper(name, url, { env: options.env }));
    const answer = await run(helper, key);
    if (answer.kind === 'not-found') return { key, auth: undefined, warnings };
    const source: AuthSource = { kind: 'helper', helper, file: config.file };
    const auth =
      answer.username === TOKEN_USERNAME
        ? RegistryAuth.identityToken(key, answer.secret, source)
        : RegistryAuth.password(key, answer.username, answer.secret, source);
    return { key, auth, warnings };
  }
  const found = findByHost(config.auths, key);
  const auth = found ? fromEntry(key, found[0], found[1], config.file, warnings) : undefined;
  return { key, auth, warnings };
}

/**
 * Credentials for the registry of an image reference or a registry host
 * (`busybox`, `127.0.0.1:5000/team/app:1`, or `registry: '127.0.0.1:5000'`).
 * Throws `RegistryCredentialsError` when a credential helper fails.
 */
export async function resolveRegistryCredentials(
  target: { readonly image: string } | { readonly registry: string },
  options: ResolveOptions,
): Promise<ResolvedCredentials> {
  const registry = 'image' in target ? parseImageReference(target.image).registry : target.registry;
  const config = await loadDockerConfig(options.env, options.readText);
  return credentialsFromConfig(config, registryAuthKey(registry), options);
}
