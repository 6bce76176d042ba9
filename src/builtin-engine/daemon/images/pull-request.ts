/**
 * `POST /images/create?fromImage=…&tag=…`: which image to pull, with which
 * credentials, for which platform. Credentials sent by the client
 * (X-Registry-Auth) win; without them the daemon uses Docker's config
 * (`~/.docker/config.json`, credential helpers) of its own environment, as
 * tscompose's Docker backend does for the CLI.
 */
import { resolveRegistryCredentials } from '../../../images/credentials.js';
import { parseImageReference } from '../../../images/reference.js';
import { RegistryAuth } from '../../../images/registry-auth.js';
import { EngineApiError, type PullRequest } from '../../ports.js';
import type { Platform } from '../../store/index.js';

/** `fromImage` with `tag` applied: `busybox` + `1.36` → `docker.io/library/busybox:1.36`. */
export function pullReference(request: PullRequest): string {
  const fromImage = request.fromImage.trim();
  if (fromImage === '') throw new EngineApiError(400, 'image name cannot be blank');
  const parsed = parseImageReference(fromImage);
  const tag = request.tag ?? '';
  if (tag === '') return fromImage;
  return tag.startsWith('sha256:') ? `${parsed.name}@${tag}` : `${parsed.name}:${tag}`;
}

/** `linux/arm64/v8` → a platform; undefined for '' (this machine's). */
export function parsePlatform(text: string | undefined): Platform | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const [os = '', architecture = '', variant] = text.trim().toLowerCase().split('/');
  if (os === '' || architecture === '') {
    throw new EngineApiError(400, `invalid platform "${text}": expected os/architecture[/variant]`);
  }
  return { os, architecture, ...(variant !== undefined && variant !== '' ? { variant } : {}) };
}

/** The client's credentials as a RegistryAuth, or Docker's config's when it sent none. */
export async function pullCredentials(
  reference: string,
  request: PullRequest,
  env: NodeJS.ProcessEnv,
): Promise<RegistryAuth | undefined> {
  const registry = parseImageReference(reference).registry;
  const sent = request.auth ?? {};
  const address =
    sent.serveraddress !== undefined && sent.serveraddress !== '' ? sent.serveraddress : registry;
  const source = { kind: 'config', file: 'the X-Registry-Auth header', key: address } as const;
  if (sent.identitytoken !== undefined && sent.identitytoken !== '') {
    return RegistryAuth.identityToken(address, sent.identitytoken, source);
  }
  if ((sent.username ?? '') !== '' || (sent.password ?? '') !== '') {
    return RegistryAuth.password(address, sent.username ?? '', sent.password ?? '', source);
  }
  const resolved = await resolveRegistryCredentials({ image: reference }, { env });
  return resolved.auth;
}
