/**
 * Credentials for the engine's pull and push of one image, and what a refused
 * pull or push says about them. Only `toEngineAuth()` output reaches the
 * engine; messages name the registry and where the credentials came from
 * (a config key, a helper), never a password or token.
 */
import { join } from 'node:path';
import { resolveRegistryCredentials } from './credentials.js';
import { dockerConfigDir } from './docker-config.js';
import { parseImageReference } from './reference.js';
import type { EngineAuthConfig } from './registry-auth.js';

export interface ImageCredentials {
  /** The registry host of the image (`127.0.0.1:5000`, `docker.io`). */
  readonly registry: string;
  /** Undefined: anonymous. Hand it to the engine only. */
  readonly auth?: EngineAuthConfig;
  /** "credentials for … (user u, from auths["…"] in …)", or that there were none. */
  readonly description: string;
}

/** Resolves the credentials for `image`'s registry; config problems go to `warn`. */
export async function credentialsForImage(
  image: string,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Promise<ImageCredentials> {
  const registry = parseImageReference(image).registry;
  const resolved = await resolveRegistryCredentials({ registry }, { env });
  for (const warning of resolved.warnings) warn(warning);
  if (!resolved.auth) {
    const file = join(dockerConfigDir(env), 'config.json');
    return { registry, description: `no credentials for ${resolved.key} in ${file}` };
  }
  return { registry, auth: resolved.auth.toEngineAuth(), description: String(resolved.auth) };
}

/** A registry refused the credentials (or their absence). */
export class RegistryAccessError extends Error {
  override readonly name = 'RegistryAccessError';
  readonly code = 'registry.unauthorized';
  constructor(
    message: string,
    readonly registry: string,
    options: { readonly cause: unknown },
  ) {
    super(message, options);
  }
}

const REFUSED =
  /unauthori[sz]ed|authentication required|no basic auth credentials|access.+denied|denied:/i;

/**
 * The error to report for a failed pull or push: an authorization failure
 * becomes a `RegistryAccessError` that says "unauthorized", names the registry
 * and where the credentials came from; anything else is returned unchanged.
 */
export function explainRegistryFailure(error: unknown, credentials: ImageCredentials): unknown {
  if (!(error instanceof Error) || !REFUSED.test(error.message)) return error;
  const said = error.message.replace(/\.$/, '');
  const unauthorized = /unauthori[sz]ed/i.test(said) ? '' : 'unauthorized: ';
  return new RegistryAccessError(
    `${unauthorized}${said} (registry ${credentials.registry}; ${credentials.description})`,
    credentials.registry,
    { cause: error },
  );
}
