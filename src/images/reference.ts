/**
 * Image references as Docker reads them (github.com/distribution/reference:
 * `ParseNormalizedNamed`, `splitDockerDomain`, `FamiliarName`, `ParseDockerRef`),
 * written from its grammar:
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path-component ( "/" path-component )*
 *   domain     := host [ ":" port ]        host := domain-name | IPv4 | "[" IPv6 "]"
 *   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag        := [\w][\w.-]{0,127}
 *   digest     := algorithm ":" hex        (sha256: 64, sha384: 96, sha512: 128 lowercase hex)
 *
 * The first component is a registry only when it contains `.` or `:`, is
 * `localhost`, or has an upper-case letter; otherwise the registry is
 * `docker.io`, and a one-component name there gets the `library/` prefix.
 */

export const DOCKER_HUB = 'docker.io';
/** The key Docker keeps Docker Hub's credentials under in config.json. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const LEGACY_HUB = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const NAME_MAX = 255;

export interface ImageReference {
  /** `docker.io`, `localhost:5000`, `127.0.0.1:5000`, `ghcr.io`. */
  readonly registry: string;
  /** The path inside the registry: `library/busybox`, `team/app`. */
  readonly repository: string;
  /** As written; undefined when none was (a pull then means `latest`, unless a digest is given). */
  readonly tag?: string;
  readonly digest?: string;
  /** `registry/repository`: `docker.io/library/busybox`. */
  readonly name: string;
  /** The short form `docker` prints: `busybox`, `team/app`, `localhost:5000/app`. */
  readonly familiarName: string;
}

export class ImageReferenceError extends Error {
  override readonly name = 'ImageReferenceError';
  constructor(
    readonly reference: string,
    readonly reason: string,
  ) {
    super(`invalid image reference "${reference}": ${reason}`);
  }
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};
const ID_RE = /^[a-f0-9]{64}$/;

/** go-digest's validation: a known algorithm and hex of its exact length, lower case. */
function checkDigest(input: string, digest: string): void {
  if (!DIGEST_RE.test(digest)) throw new ImageReferenceError(input, 'invalid digest format');
  const [algorithm, hex] = digest.split(':') as [string, string];
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    throw new ImageReferenceError(input, `unsupported digest algorithm "${algorithm}"`);
  }
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
    throw new ImageReferenceError(input, `invalid ${algorithm} digest (${length} lower-case hex)`);
  }
}

/** `name[:tag][@digest]` → its three parts; the tag is only after the last `/`. */
function splitParts(text: string): { name: string; tag?: string; digest?: string } {
  const at = text.indexOf('@');
  const beforeDigest = at >= 0 ? text.slice(0, at) : text;
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > beforeDigest.lastIndexOf('/');
  return {
    name: hasTag ? beforeDigest.slice(0, colon) : beforeDigest,
    ...(hasTag ? { tag: beforeDigest.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** distribution's splitDockerDomain. */
function splitDomain(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const isDomain =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let registry = isDomain ? first : DOCKER_HUB;
  let repository = isDomain ? name.slice(slash + 1) : name;
  if (registry === LEGACY_HUB) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) {
    repository = OFFICIAL_PREFIX + repository;
  }
  return { registry, repository };
}

function familiarNameOf(registry: string, repository: string): string {
  if (registry !== DOCKER_HUB) return `${registry}/${repository}`;
  const rest = repository.slice(OFFICIAL_PREFIX.length);
  return repository.startsWith(OFFICIAL_PREFIX) && !rest.includes('/') ? rest : repository;
}

/**
 * Parses what a compose file's `image:` or a command line names. Throws
 * `ImageReferenceError` with Docker's reason (upper case, bad tag, bad digest,
 * a bare 64-hex id, too long).
 */
export function parseImageReference(input: string): ImageReference {
  // Docker does not trim: " busybox" is as invalid for it as for us.
  const text = input;
  if (text === '') throw new ImageReferenceError(input, 'repository name must not be empty');
  if (ID_RE.test(text)) {
    throw new ImageReferenceError(
      input,
      'a 64-character hexadecimal string is an image id, not a repository name',
    );
  }
  const parts = splitParts(text);
  const { registry, repository } = splitDomain(parts.name);
  if (repository.toLowerCase() !== repository) {
    throw new ImageReferenceError(input, `repository name "${repository}" must be lowercase`);
  }
  if (repository === '' || !PATH_RE.test(repository) || !DOMAIN_RE.test(registry)) {
    throw new ImageReferenceError(input, 'invalid reference format');
  }
  const name = `${registry}/${repository}`;
  if (name.length > NAME_MAX) {
    throw new ImageReferenceError(input, `repository name longer than ${NAME_MAX} characters`);
  }
  if (parts.tag !== undefined && !TAG_RE.test(parts.tag)) {
    throw new ImageReferenceError(input, `invalid tag "${parts.tag}"`);
  }
  if (parts.digest !== undefined) checkDigest(input, parts.digest);
  return {
    registry,
    repository,
    ...(parts.tag !== undefined ? { tag: parts.tag } : {}),
    ...(parts.digest !== undefined ? { digest: parts.digest } : {}),
    name,
    familiarName: familiarNameOf(registry, repository),
  };
}

/** `busybox:1.35`, `team/app@sha256:…`, `localhost:5000/app:1` (docker's FamiliarString). */
export function familiarString(reference: ImageReference): string {
  return `${reference.familiarName}${suffix(reference)}`;
}

/** The fully qualified form: `docker.io/library/busybox:latest` (`latest` added when nothing pins it). */
export function normalizedString(reference: ImageReference): string {
  const tag = reference.tag ?? (reference.digest === undefined ? 'latest' : undefined);
  return `${reference.name}${tag !== undefined ? `:${tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}

function suffix(reference: ImageReference): string {
  return `${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}

/**
 * The key of a registry in `~/.docker/config.json` (`auths`, `credHelpers`) and
 * the server URL handed to credential helpers: Docker Hub is
 * `https://index.docker.io/v1/`, every other registry its `host[:port]`
 * (the Docker CLI's `registry.GetAuthConfigKey`).
 */
export function registryAuthKey(registry: string): string {
  return registry === DOCKER_HUB || registry === LEGACY_HUB ? DOCKER_HUB_AUTH_KEY : registry;
}
