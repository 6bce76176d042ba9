import { ComposeError, type SourcePosition, type WarningSink } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { createContext } from './context.js';
import { normalizeTopLevelResources } from './resources.js';
import { normalizeServiceSyntax } from './service.js';

export interface CanonicalModelOptions {
  readonly warn: WarningSink;
  readonly locate?: (path: KeyPath) => SourcePosition | undefined;
}

/**
 * Short → long syntax (§10.1, §10.2) and load-time defaults (§10.3), still as
 * plain data. Every error found is thrown together in one `ComposeError`.
 */
export function toCanonicalModel(raw: RawMapping, options: CanonicalModelOptions): RawMapping {
  const context = createContext(options.warn, options.locate);
  const model: RawMapping = { ...raw };
  if (isMapping(raw.services)) {
    const services: RawMapping = {};
    for (const [name, service] of Object.entries(raw.services)) {
      services[name] = isMapping(service)
        ? normalizeServiceSyntax(service, ['services', name], context)
        : service;
    }
    model.services = services;
  }
  if (Array.isArray(raw.include)) {
    model.include = raw.include.map((item) => (typeof item === 'string' ? { path: item } : item));
  }
  normalizeTopLevelResources(model, context);
  if (context.errors.hasErrors) throw new ComposeError(context.errors.errors);
  return model;
}
