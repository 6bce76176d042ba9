// Which Docker Engine to talk to, decided the way the docker CLI decides it:
// DOCKER_HOST, then DOCKER_CONTEXT, then `currentContext` in config.json, then the default socket.
// Pure apart from reading the CLI's config files; nothing here opens a connection.
import { join } from 'node:path';
import {
  currentContextName,
  dockerConfigDir,
  DockerEndpointError,
  readContext,
  type DockerContextEndpoint,
} from './docker-context.js';

export const defaultSocketPath = '/var/run/docker.sock';

/** Where the endpoint came from, for messages: the variable, the context by name, or the default. */
export type EndpointSource = 'DOCKER_HOST' | `context ${string}` | 'default' | 'built-in engine';

/** Paths of PEM files; `verify: false` accepts any server certificate (a context's SkipTLSVerify). */
export interface TlsFiles {
  readonly ca: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly verify: boolean;
}

export type DockerEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly source: EndpointSource }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls: TlsFiles | undefined;
      readonly source: EndpointSource;
    }
  | {
      readonly kind: 'ssh';
      readonly host: string;
      readonly port: number;
      readonly username: string | undefined;
      /** SSH_AUTH_SOCK at resolution time: the agent that holds the key. */
      readonly agentSocket: string | undefined;
      readonly source: EndpointSource;
    };

export interface ResolveOptions {
  /** Home directory used for `~/.docker`; defaults to the OS's. Tests pass a temp dir. */
  readonly homeDir?: string;
}

function parsePort(text: string, fallback: number, hostValue: string): number {
  if (text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DockerEndpointError(`Invalid port in Docker host "${hostValue}".`);
  }
  return port;
}

/** Parses a Docker host string (DOCKER_HOST or a context's Host). */
export function parseDockerHost(
  hostValue: string,
  source: EndpointSource,
  tls: TlsFiles | undefined,
  env: NodeJS.ProcessEnv,
): DockerEndpoint {
  if (hostValue.startsWith('unix://')) {
    return {
      kind: 'unix',
      socketPath: hostValue.slice('unix://'.length) || defaultSocketPath,
      source,
    };
  }
  if (hostValue.startsWith('npipe://')) {
    throw new DockerEndpointError(
      `Docker host "${hostValue}" is a Windows named pipe; tscompose runs on Linux and macOS.`,
    );
  }
  // Like the CLI, a value without a scheme is a TCP address.
  const withScheme = hostValue.includes('://') ? hostValue : `tcp://${hostValue}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DockerEndpointError(
      `Invalid Docker host "${hostValue}": expected unix://, tcp://host:port or ssh://host.`,
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new DockerEndpointError(`Docker host "${hostValue}" names no host.`);
  if (url.protocol === 'tcp:') {
    // The CLI's defaults: 2376 is the TLS port, 2375 the plain one.
    return {
      kind: 'tcp',
      host,
      port: parsePort(url.port, tls ? 2376 : 2375, hostValue),
      tls,
      source,
    };
  }
  if (url.protocol === 'ssh:') {
    const username = url.username ? decodeURIComponent(url.username) : undefined;
    const port = parsePort(url.port, 22, hostValue);
    return {
      kind: 'ssh',
      host,
      port,
      username,
      agentSocket: env['SSH_AUTH_SOCK'] || undefined,
      source,
    };
  }
  throw new DockerEndpointError(
    `Unsupported scheme in Docker host "${hostValue}": use unix://, tcp:// or ssh://.`,
  );
}

/** DOCKER_TLS_VERIFY enables TLS when non-empty (any value, as in the CLI); certs from DOCKER_CERT_PATH or the config dir. */
function tlsFromEnv(env: NodeJS.ProcessEnv, configDir: string): TlsFiles | undefined {
  if (!env['DOCKER_TLS_VERIFY']) return undefined;
  const certDir = env['DOCKER_CERT_PATH'] || configDir;
  return {
    ca: join(certDir, 'ca.pem'),
    cert: join(certDir, 'cert.pem'),
    key: join(certDir, 'key.pem'),
    verify: true,
  };
}

function tlsFromContext(context: DockerContextEndpoint): TlsFiles | undefined {
  if (!context.tlsDir)
    return context.skipTlsVerify
      ? { ca: undefined, cert: undefined, key: undefined, verify: false }
      : undefined;
  const dir = context.tlsDir;
  return {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
    verify: !context.skipTlsVerify,
  };
}

export function resolveDockerEndpoint(
  env: NodeJS.ProcessEnv,
  options: ResolveOptions = {},
): DockerEndpoint {
  const configDir = dockerConfigDir(env, options.homeDir);
  const dockerHost = env['DOCKER_HOST'];
  if (dockerHost)
    return parseDockerHost(dockerHost, 'DOCKER_HOST', tlsFromEnv(env, configDir), env);

  const contextName = env['DOCKER_CONTEXT'] || currentContextName(configDir);
  if (contextName && contextName !== 'default') {
    const context = readContext(configDir, contextName);
    const source: EndpointSource = `context ${contextName}`;
    if (!context.host) return { kind: 'unix', socketPath: defaultSocketPath, source };
    return parseDockerHost(context.host, source, tlsFromContext(context), env);
  }
  return { kind: 'unix', socketPath: defaultSocketPath, source: 'default' };
}

/** The endpoint as a URL-like string for messages, e.g. `unix:///var/run/docker.sock`. */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'tcp': {
      const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
      return `tcp://${host}:${endpoint.port}`;
    }
    case 'ssh': {
      const user = endpoint.username ? `${endpoint.username}@` : '';
      return `ssh://${user}${endpoint.host}${endpoint.port === 22 ? '' : `:${endpoint.port}`}`;
    }
  }
}
