/**
 * Which engine a command talks to (issue 8): a Docker Engine, or tscompose's
 * built-in engine, which speaks the same API on its own socket.
 *
 * `TSCOMPOSE_ENGINE` (or the global `--engine` flag, which sets it) is
 * `docker`, `builtin` or `auto` (the default). `auto` keeps to Docker whenever
 * the user pointed somewhere (DOCKER_HOST, a Docker context) or Docker's
 * default socket exists; otherwise it uses the built-in engine, starting it
 * in the background when this machine can run it (one line on stderr says
 * so). `builtin` starts it too, or fails with a sentence naming what is
 * missing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startEngine, pingEngine } from '../builtin-engine/host/control.js';
import { enginePaths } from '../builtin-engine/host/paths.js';
import { checkHost, describeMissing } from '../builtin-engine/host/requirements.js';
import { resolveDockerEndpoint, type DockerEndpoint } from './docker/endpoint.js';
import { DockerEndpointError } from './docker/docker-context.js';

export type EngineChoice = 'docker' | 'builtin' | 'auto';

export function engineChoice(env: NodeJS.ProcessEnv): EngineChoice {
  const value = env.TSCOMPOSE_ENGINE || 'auto';
  if (value === 'docker' || value === 'builtin' || value === 'auto') return value;
  throw new DockerEndpointError(
    `Unknown engine "${value}" (TSCOMPOSE_ENGINE or --engine): expected docker, builtin or auto.`,
  );
}

/** How to run tscompose itself, to start `engine serve` in the background. */
function launcher(): string[] {
  const script = process.argv[1];
  if (script && /tscompose(\.js)?$/.test(script)) return [process.execPath, script];
  // The library (dist/engine/choose.js): the package's own bin.
  try {
    return [process.execPath, fileURLToPath(new URL('../../bin/tscompose.js', import.meta.url))];
  } catch {
    return [process.execPath, 'tscompose'];
  }
}

/** The built-in engine's endpoint, started when it does not answer yet. */
async function startedBuiltin(env: NodeJS.ProcessEnv, explicit: boolean): Promise<DockerEndpoint> {
  const paths = enginePaths(env);
  const endpoint = builtinEndpointOf(env);
  if (await pingEngine(paths.socket)) return endpoint;
  const host = await checkHost(env);
  if (!host.ok) {
    const reason = describeMissing(host);
    throw new DockerEndpointError(
      explicit
        ? reason
        : `No Docker Engine found (no DOCKER_HOST, no /var/run/docker.sock), and ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
    );
  }
  process.stderr.write(`Starting the built-in engine (unix://${paths.socket}) …\n`);
  await startEngine(paths, launcher(), { env });
  return endpoint;
}

function builtinEndpointOf(env: NodeJS.ProcessEnv): DockerEndpoint {
  return { kind: 'unix', socketPath: enginePaths(env).socket, source: 'built-in engine' };
}

/**
 * The endpoint `chooseEndpoint` would pick, without starting anything (for
 * `tscompose version`, which reports and must not have side effects).
 */
export function endpointInUse(env: NodeJS.ProcessEnv): DockerEndpoint {
  const choice = engineChoice(env);
  if (choice === 'builtin') return builtinEndpointOf(env);
  const docker = resolveDockerEndpoint(env);
  if (choice === 'docker' || docker.source !== 'default') return docker;
  if (docker.kind === 'unix' && existsSync(docker.socketPath)) return docker;
  return builtinEndpointOf(env);
}

/** The endpoint to talk to; may start the built-in engine. */
export async function chooseEndpoint(env: NodeJS.ProcessEnv): Promise<DockerEndpoint> {
  const endpoint = endpointInUse(env);
  if (endpoint.source !== 'built-in engine') return endpoint;
  return startedBuiltin(env, engineChoice(env) === 'builtin');
}
