import { isMapping, type RawMapping } from '../raw.js';
import { reportError, reportWarning, type NormalizeContext } from './context.js';

export const RESOURCE_KINDS = ['networks', 'volumes', 'secrets', 'configs'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * The deprecated `external: {name: x}` becomes `external: true` + `name: x`
 * (with a warning); an explicit different `name` next to it is an error.
 */
export function normalizeExternal(
  resource: unknown,
  kind: ResourceKind,
  key: string,
  context: NormalizeContext,
): unknown {
  if (!isMapping(resource) || !isMapping(resource.external)) return resource;
  const path = [kind, key];
  const externalName = resource.external.name;
  const result: RawMapping = { ...resource, external: true };
  if (typeof externalName === 'string') {
    if (typeof resource.name === 'string' && resource.name !== externalName) {
      const message = `${kind.slice(0, -1)} ${key}: name and external.name conflict; only use name`;
      reportError(context, [...path, 'external', 'name'], 'external.name-conflict', message);
    } else {
      reportWarning(
        context,
        [...path, 'external', 'name'],
        'external.name-deprecated',
        '`external.name` is deprecated: use `name` instead',
      );
    }
    result.name = externalName;
  }
  return result;
}

/** Applies `normalizeExternal` to every top-level network, volume, secret and config. */
export function normalizeTopLevelResources(model: RawMapping, context: NormalizeContext): void {
  for (const kind of RESOURCE_KINDS) {
    const resources = model[kind];
    if (!isMapping(resources)) continue;
    const converted: RawMapping = {};
    for (const [key, resource] of Object.entries(resources)) {
      converted[key] = normalizeExternal(resource, kind, key, context);
    }
    model[kind] = converted;
  }
}
