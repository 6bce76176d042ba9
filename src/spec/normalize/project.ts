import type { WarningSink } from '../diagnostics.js';
import type { Project, ServiceConfig } from '../model.js';
import { isMapping, type RawMapping } from '../raw.js';
import { bindService } from './bind-service.js';
import { createContext } from './context.js';
import { applyServiceDefaults, resourceName } from './project-defaults.js';
import { RESOURCE_KINDS, type ResourceKind } from './resources.js';

export interface NormalizeProjectOptions {
  readonly projectName: string;
  readonly workingDir: string;
  readonly configFiles: string[];
  readonly environment: Record<string, string>;
  readonly warn: WarningSink;
}

function usesDefaultNetwork(services: Record<string, RawMapping>): boolean {
  return Object.values(services).some(
    (service) => isMapping(service.networks) && 'default' in service.networks,
  );
}

function namedResources(
  model: RawMapping,
  kind: ResourceKind,
  projectName: string,
): Record<string, RawMapping & { name: string }> {
  const resources = isMapping(model[kind]) ? model[kind] : {};
  const result: Record<string, RawMapping & { name: string }> = {};
  for (const [key, resource] of Object.entries(resources)) {
    const given = isMapping(resource) ? resource : {};
    result[key] = { ...given, name: resourceName(projectName, key, given) };
  }
  return result;
}

/**
 * §10.4 normalization of a canonical raw model, then binding to the typed
 * `Project` (durations → ns, sizes → bytes). Profiles are applied later.
 */
export function normalizeProject(model: RawMapping, options: NormalizeProjectOptions): Project {
  const context = createContext(options.warn);
  const rawServices = isMapping(model.services) ? model.services : {};
  const normalizedServices: Record<string, RawMapping> = {};
  for (const [name, service] of Object.entries(rawServices)) {
    normalizedServices[name] = applyServiceDefaults(isMapping(service) ? service : {}, options);
  }
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(normalizedServices)) {
    services[name] = bindService(name, service, context);
  }
  const [networks, volumes, secrets, configs] = RESOURCE_KINDS.map((kind) =>
    namedResources(model, kind, options.projectName),
  ) as [Project['networks'], Project['volumes'], Project['secrets'], Project['configs']];
  // The default network exists only when some service is attached to it.
  if (usesDefaultNetwork(normalizedServices) && networks.default === undefined) {
    networks.default = { name: `${options.projectName}_default` };
  }
  context.errors.throwIfAny();
  const extensions = Object.fromEntries(
    Object.entries(model).filter(([key]) => key.startsWith('x-')),
  );
  return {
    name: options.projectName,
    workingDir: options.workingDir,
    configFiles: [...options.configFiles],
    environment: { ...options.environment },
    services,
    disabledServices: {},
    networks,
    volumes,
    secrets,
    configs,
    models: isMapping(model.models) ? (model.models as Project['models']) : {},
    profiles: [],
    extensions,
  };
}
