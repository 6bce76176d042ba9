import { createHash } from 'node:crypto';

/**
 * tscompose's config hash of a service (label `com.docker.compose.config-hash`,
 * `config --hash`): SHA-256, hex, of the canonical JSON of the service as
 * `tscompose config` prints it, with object keys sorted and without the fields
 * that do not change what a container is: `build` (the image is what counts),
 * `pull_policy`, `scale`, `deploy.replicas`, `depends_on` and `profiles` —
 * the same exclusions as Docker Compose. Key order and YAML layout never change
 * the hash; any value that reaches the container does. See docs/config-hash.md.
 */
export function serviceConfigHash(service: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(canonicalJson(hashedServiceFields(service)))
    .digest('hex');
}

/** The part of a service the hash covers (everything but the exclusions above). */
export function hashedServiceFields(
  service: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const {
    build: _build,
    pull_policy: _pull,
    scale: _scale,
    depends_on: _deps,
    profiles: _profiles,
    ...rest
  } = service;
  const hashed: Record<string, unknown> = { ...rest };
  if (isObject(rest.deploy)) {
    const { replicas: _replicas, ...deploy } = rest.deploy;
    if (Object.keys(deploy).length > 0) hashed.deploy = deploy;
    else delete hashed.deploy;
  }
  return hashed;
}

/** JSON with keys sorted at every level; `undefined` members are left out as JSON does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isObject(value)) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
