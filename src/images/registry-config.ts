/**
 * Credentials of every registry the Docker config knows, for a build: the
 * engine pulls a `FROM` image itself and takes the credentials for it from
 * the build call's `X-Registry-Config` header (a map registry → auth config),
 * since nobody can tell which registries a Dockerfile names before it runs.
 * Like the CLI's `GetAllCredentials` (cli/config/configfile), the registries
 * are those of `auths`, of `credHelpers` and, with a `credsStore`, those its
 * helper lists (`docker-credential-<store> list`, one run, then one `get`
 * per registry, as the CLI does). Each is resolved the way a pull would
 * resolve it (credentials.ts), so a `credHelpers` entry wins over `auths`.
 *
 * A registry whose credentials cannot be had is left out with a warning that
 * names it and the helper (never a secret): the build may not need it, and
 * when it does the engine's "unauthorized" says which image.
 */
import { listFromHelper } from './cred-helper.js';
import { credentialsFromConfig, type ResolveOptions } from './credentials.js';
import { loadDockerConfig, type DockerConfig } from './docker-config.js';
import type { EngineAuthConfig } from './registry-auth.js';

/** Registry key as the config writes it (`127.0.0.1:5000`, `https://index.docker.io/v1/`) → engine auth config. */
export type RegistryAuthConfigs = Readonly<Record<string, EngineAuthConfig>>;

export interface ResolvedRegistryConfig {
  /** Empty when no registry has credentials: then no header is sent. */
  readonly auths: RegistryAuthConfigs;
  /** Config and helper problems, never containing credentials. */
  readonly warnings: readonly string[];
}

export interface RegistryConfigOptions extends ResolveOptions {
  /** Test seam for `docker-credential-<store> list`; the default runs the helper. */
  readonly listHelper?: (helper: string) => Promise<readonly string[]>;
}

function problem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every registry key the config names: auths, credHelpers, then what the store lists. */
async function registryKeys(
  config: DockerConfig,
  options: RegistryConfigOptions,
  warnings: string[],
): Promise<string[]> {
  const keys = new Set([...Object.keys(config.auths), ...Object.keys(config.credHelpers)]);
  const store = config.credsStore;
  if (store !== undefined) {
    const list = options.listHelper ?? ((helper) => listFromHelper(helper, { env: options.env }));
    try {
      for (const key of await list(store)) keys.add(key);
    } catch (error) {
      warnings.push(`${problem(error)}; building without the credentials it keeps`);
    }
  }
  return [...keys].sort();
}

/** The registry map for a build, from an already loaded config. */
export async function registryConfigFromConfig(
  config: DockerConfig,
  options: RegistryConfigOptions,
): Promise<ResolvedRegistryConfig> {
  const warnings: string[] = [...config.warnings];
  const auths: Record<string, EngineAuthConfig> = {};
  // One at a time: a helper may ask its user to unlock a keychain.
  for (const key of await registryKeys(config, options, warnings)) {
    try {
      const resolved = await credentialsFromConfig(config, key, options);
      warnings.push(...resolved.warnings);
      if (resolved.auth !== undefined) auths[key] = resolved.auth.toEngineAuth();
    } catch (error) {
      warnings.push(`${problem(error)}; building without credentials for ${key}`);
    }
  }
  return { auths, warnings: [...new Set(warnings)] };
}

/** The registry map for a build, from the config the environment points at. */
export async function registryConfigForBuild(
  options: RegistryConfigOptions,
): Promise<ResolvedRegistryConfig> {
  return registryConfigFromConfig(await loadDockerConfig(options.env, options.readText), options);
}
