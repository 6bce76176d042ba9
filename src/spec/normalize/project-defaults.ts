import { isAbsolute, resolve } from 'node:path';
import { isMapping, type RawMapping } from '../raw.js';
import { withImplicitDependencies } from './implicit-dependencies.js';
import { cleanContainerPath } from './volumes.js';

/** Remote build contexts (git, http, another service) are not paths. */
function isLocalPath(context: string): boolean {
  return !/^(service:|[a-z]+:\/\/|github\.com\/|git@)/.test(context) && !context.includes('://');
}

function resolveBuild(
  build: RawMapping,
  workingDir: string,
  environment: Record<string, string>,
): RawMapping {
  const result: RawMapping = { ...build };
  const context = typeof build.context === 'string' ? build.context : '.';
  result.context =
    isLocalPath(context) && !isAbsolute(context) ? resolve(workingDir, context) : context;
  if (result.dockerfile === undefined && result.dockerfile_inline === undefined)
    result.dockerfile = 'Dockerfile';
  if (isMapping(build.args)) {
    const args: Record<string, string> = {};
    for (const [key, value] of Object.entries(build.args)) {
      // A build arg without value comes from the environment, and is dropped when unknown.
      if (value !== null && value !== undefined) args[key] = String(value);
      else if (environment[key] !== undefined) args[key] = environment[key]!;
    }
    result.args = args;
  }
  return result;
}

function resolveEnvironment(values: RawMapping, environment: Record<string, string>): RawMapping {
  const result: RawMapping = {};
  for (const [key, value] of Object.entries(values)) {
    // Unknown keys stay valueless: the container then does not get the variable.
    result[key] = value === null || value === undefined ? (environment[key] ?? null) : value;
  }
  return result;
}

export interface ServiceDefaultsInput {
  readonly workingDir: string;
  readonly environment: Record<string, string>;
}

/** §10.4 for one service. */
export function applyServiceDefaults(service: RawMapping, input: ServiceDefaultsInput): RawMapping {
  let result: RawMapping = { ...service };
  if (result.pull_policy === 'if_not_present') result.pull_policy = 'missing';
  if (typeof result.build === 'string') result.build = { context: result.build };
  if (isMapping(result.build))
    result.build = resolveBuild(result.build, input.workingDir, input.environment);
  if (isMapping(result.environment))
    result.environment = resolveEnvironment(result.environment, input.environment);
  result = withImplicitDependencies(result);
  if (Array.isArray(result.volumes)) {
    result.volumes = result.volumes.map((volume) =>
      isMapping(volume) && typeof volume.target === 'string'
        ? { ...volume, target: cleanContainerPath(volume.target) }
        : volume,
    );
  }
  const hasNetworks = isMapping(result.networks) && Object.keys(result.networks).length > 0;
  if (!hasNetworks && result.network_mode === undefined && result.provider === undefined) {
    result.networks = { default: null };
  }
  if (Array.isArray(result.pre_start) && typeof result.image === 'string') {
    const image = result.image;
    result.pre_start = result.pre_start.map((hook) =>
      isMapping(hook) && hook.image === undefined ? { ...hook, image } : hook,
    );
  }
  return result;
}

/** `<project>_<key>`, the key itself when external, or the explicit `name` verbatim. */
export function resourceName(projectName: string, key: string, resource: RawMapping): string {
  if (typeof resource.name === 'string' && resource.name !== '') return resource.name;
  if (resource.external === true) return key;
  return `${projectName}_${key}`;
}
