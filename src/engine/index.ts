/**
 * Opening the engine the environment points at: `DOCKER_HOST`, else the current
 * Docker context, else the default socket (see docker/endpoint.ts), else the
 * built-in engine (see choose.ts, which also reads TSCOMPOSE_ENGINE).
 */
import { chooseEndpoint } from './choose.js';
import { connectDocker, describeEndpoint, type ConnectOptions } from './docker/connection.js';
import { DockerEngine } from './docker/docker-engine.js';
import type { Engine } from './types.js';

export { EngineError, EngineUnavailableError, type EngineErrorCode } from './errors.js';
export { observeProject } from './observe.js';
export { engineChoice, type EngineChoice } from './choose.js';
export type * from './types.js';
export { Label } from './types.js';

/**
 * Resolves the endpoint and returns an engine for it. No request is made yet:
 * a daemon that does not answer shows up as `EngineUnavailableError` on the first call.
 */
export async function openEngine(
  env: NodeJS.ProcessEnv,
  options: ConnectOptions = {},
): Promise<Engine> {
  const endpoint = await chooseEndpoint(env);
  const docker = await connectDocker(endpoint, options);
  return new DockerEngine(docker, `${describeEndpoint(endpoint)} (${endpoint.source})`);
}
