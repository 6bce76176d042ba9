// Reads Docker CLI contexts from disk. dockerode does not understand contexts
// (apocas/dockerode#526), so we follow the CLI's layout ourselves:
//   $DOCKER_CONFIG/config.json                          { "currentContext": "<name>" }
//   $DOCKER_CONFIG/contexts/meta/<sha256(name)>/meta.json { "Endpoints": { "docker": { "Host", "SkipTLSVerify" } } }
//   $DOCKER_CONFIG/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A connection setting the user got wrong (bad DOCKER_HOST, missing context, unreadable config). */
export class DockerEndpointError extends Error {
  readonly code = 'DOCKER_ENDPOINT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DockerEndpointError';
  }
}

/** What a context says about its Docker endpoint. */
export interface DockerContextEndpoint {
  readonly name: string;
  /** `Endpoints.docker.Host`; undefined means the default socket. */
  readonly host: string | undefined;
  readonly skipTlsVerify: boolean;
  /** Directory holding ca.pem / cert.pem / key.pem, when the context stores TLS material. */
  readonly tlsDir: string | undefined;
}

/** `$DOCKER_CONFIG`, else `~/.docker` — the CLI's configuration directory. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, homeDir: string = homedir()): string {
  return env['DOCKER_CONFIG'] || join(homeDir, '.docker');
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new DockerEndpointError(`Cannot read ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** `currentContext` from config.json; undefined when the file or the field is absent. */
export function currentContextName(configDir: string): string | undefined {
  const configPath = join(configDir, 'config.json');
  if (!existsSync(configPath)) return undefined;
  const name = field(readJson(configPath, 'Docker config'), 'currentContext');
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Contexts are stored under the hex SHA-256 of their name (names may hold any character). */
export function contextDirName(contextName: string): string {
  return createHash('sha256').update(contextName).digest('hex');
}

export function readContext(configDir: string, contextName: string): DockerContextEndpoint {
  const dirName = contextDirName(contextName);
  const metaPath = join(configDir, 'contexts', 'meta', dirName, 'meta.json');
  if (!existsSync(metaPath)) {
    throw new DockerEndpointError(
      `Docker context "${contextName}" does not exist (no ${metaPath}); list contexts with \`docker context ls\`.`,
    );
  }
  const docker = field(
    field(readJson(metaPath, `metadata of Docker context "${contextName}"`), 'Endpoints'),
    'docker',
  );
  const host = field(docker, 'Host');
  const tlsDir = join(configDir, 'contexts', 'tls', dirName, 'docker');
  return {
    name: contextName,
    host: typeof host === 'string' && host !== '' ? host : undefined,
    skipTlsVerify: field(docker, 'SkipTLSVerify') === true,
    tlsDir: existsSync(tlsDir) ? tlsDir : undefined,
  };
}
