// Opens a dockerode client for a resolved endpoint, and asks an engine for its version.
// dockerode (and its ssh2/tar dependencies) is imported lazily: `tscompose --help` or
// `tscompose config` must not pay for loading it.
import { readFile } from 'node:fs/promises';
import { globalAgent } from 'node:http';
import { Agent } from 'node:https';
import type Dockerode from 'dockerode';
import {
  describeEndpoint,
  resolveDockerEndpoint,
  type DockerEndpoint,
  type ResolveOptions,
  type TlsFiles,
} from './endpoint.js';
import { DockerEndpointError } from './docker-context.js';
import { applyServerNameChoice } from './server-names.js';

export {
  defaultSocketPath,
  describeEndpoint,
  parseDockerHost,
  resolveDockerEndpoint,
  type DockerEndpoint,
  type EndpointSource,
  type ResolveOptions,
  type TlsFiles,
} from './endpoint.js';
export { DockerEndpointError } from './docker-context.js';

export interface ConnectOptions {
  /** Milliseconds before a request is abandoned; dockerode's default is none. */
  readonly timeoutMs?: number;
  /** Ask this endpoint instead of the one the environment points at (the built-in engine's). */
  readonly endpoint?: DockerEndpoint;
}

async function readPem(path: string | undefined, what: string): Promise<Buffer | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path);
  } catch (error) {
    throw new DockerEndpointError(
      `Cannot read the TLS ${what} ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function tlsOptions(tls: TlsFiles): Promise<Dockerode.DockerOptions> {
  const [ca, cert, key] = await Promise.all([
    readPem(tls.ca, 'CA certificate'),
    readPem(tls.cert, 'client certificate'),
    readPem(tls.key, 'client key'),
  ]);
  // docker-modem passes ca/cert/key to each request but not rejectUnauthorized, so
  // skipping verification needs an agent of our own.
  const agent = tls.verify ? undefined : new Agent({ ca, cert, key, rejectUnauthorized: false });
  return { protocol: 'https', ca, cert, key, ...(agent ? { agent } : {}) };
}

export async function connectDocker(
  endpoint: DockerEndpoint,
  options: ConnectOptions = {},
): Promise<Dockerode> {
  const { default: Docker } = await import('dockerode');
  applyServerNameChoice(globalAgent);
  const timeout = options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {};
  switch (endpoint.kind) {
    case 'unix':
      return new Docker({ socketPath: endpoint.socketPath, ...timeout });
    case 'tcp': {
      const transport = endpoint.tls
        ? await tlsOptions(endpoint.tls)
        : { protocol: 'http' as const };
      return new Docker({ host: endpoint.host, port: endpoint.port, ...transport, ...timeout });
    }
    case 'ssh':
      return new Docker({
        protocol: 'ssh',
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.username ? { username: endpoint.username } : {}),
        sshOptions: endpoint.agentSocket ? { agent: endpoint.agentSocket } : {},
        ...timeout,
      });
  }
}

export type EngineVersion =
  | {
      endpoint: string;
      /** What answers: `Docker Engine`, or the engine's own `Platform.Name` when it has one. */
      name: string;
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
    }
  | { endpoint: string; error: string };

export interface EngineVersionOptions extends ResolveOptions {
  /** Give up after this long so `tscompose version` never hangs (default 2 s). */
  readonly timeoutMs?: number;
  /** Ask this endpoint instead of the one the environment points at (the built-in engine's). */
  readonly endpoint?: DockerEndpoint;
}

const howToStartAnEngine =
  'start Docker, or in the tscompose repository run `node scripts/engine.mjs ensure`';

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  // dockerode's own timeout does not cover every transport (ssh connects outside it).
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Asks the engine the environment points at for its version; failures come back as one sentence. */
export async function getEngineVersion(
  env: NodeJS.ProcessEnv,
  options: EngineVersionOptions = {},
): Promise<EngineVersion> {
  const timeoutMs = options.timeoutMs ?? 2000;
  let endpoint: DockerEndpoint;
  try {
    endpoint = options.endpoint ?? resolveDockerEndpoint(env, options);
  } catch (error) {
    return {
      endpoint: env['DOCKER_HOST'] || env['DOCKER_CONTEXT'] || 'unknown',
      error: (error as Error).message,
    };
  }
  const described = describeEndpoint(endpoint);
  try {
    const docker = await connectDocker(endpoint, { timeoutMs });
    const info = await withDeadline(docker.version(), timeoutMs);
    // dockerd's Platform.Name is "" (Debian) or "Docker Engine - Community"; ours names itself.
    const platform = (info as { Platform?: { Name?: string } }).Platform?.Name ?? '';
    return {
      endpoint: described,
      name: platform.startsWith('tscompose') ? 'tscompose built-in engine' : 'Docker Engine',
      version: info.Version,
      apiVersion: info.ApiVersion,
      os: info.Os,
      arch: info.Arch,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (endpoint.source === 'built-in engine')
      return {
        endpoint: described,
        error: `The built-in engine does not answer at ${described} (${reason}); \`tscompose engine start\` starts it, and so does any command that needs an engine.`,
      };
    return {
      endpoint: described,
      error: `Cannot reach a Docker Engine at ${described} (${endpoint.source}): ${reason}; ${howToStartAnEngine}.`,
    };
  }
}
