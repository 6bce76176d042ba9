import { dirname, isAbsolute, join } from 'node:path';
import { ComposeError, type WarningSink } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { mergeValues } from './merge/merge.js';
import { cloneRaw, hasKey } from './merge/raw-utils.js';
import { applyResets, type RecordedTags } from './merge/resets.js';
import { enforceUnicity } from './merge/unicity.js';
import { resolveRelativePaths } from './paths.js';
import { isMapping, type RawMapping } from './raw.js';

/** What the loader gives back for another file named by `extends.file`: parsed and interpolated, nothing else. */
export interface LoadedExtendsFile extends RecordedTags {
  model: RawMapping;
}

export interface ExtendsOptions {
  /** The file declaring the services of `model` (messages and `extends.file` are relative to it). */
  file: string;
  /** Reads another compose file; `path` is absolute (or as resolved against `file`'s directory). */
  loadFile: (path: string) => LoadedExtendsFile;
  warn: WarningSink;
  /** The `!reset`/`!override` paths of the document being loaded; they also apply to inherited values. */
  tags?: RecordedTags;
  /** Home directory for `~` in the other files' paths (tests). */
  homeDir?: string;
  /**
   * The caller hands `model` over (nothing else holds it or its containers), so
   * it is resolved in place instead of copied whole first.
   */
  ownsModel?: boolean;
}

/** The services of one file, with where they come from. */
interface Scope {
  file: string;
  services: RawMapping;
  tags: RecordedTags;
}

interface ChainLink {
  file: string;
  service: string;
}

const NO_TAGS: RecordedTags = { resets: [], overrides: [] };

function extendsError(message: string, path?: KeyPath): ComposeError {
  return ComposeError.of({ code: 'extends.invalid', message, ...(path ? { path } : {}) });
}

/** A chain that comes back to a link it already holds is a cycle; the message lists the chain. */
function addToChain(chain: readonly ChainLink[], link: ChainLink): ChainLink[] {
  const seen = chain.some((entry) => entry.file === link.file && entry.service === link.service);
  if (seen) {
    const [first, ...rest] = [...chain, link];
    const lines = ['Circular reference:', `  ${first!.service} in ${first!.file}`];
    for (const entry of rest) lines.push(`  extends ${entry.service} in ${entry.file}`);
    throw extendsError(lines.join('\n'));
  }
  return [...chain, link];
}

class ExtendsResolver {
  constructor(private readonly options: ExtendsOptions) {}

  /** The services of the file named by `extends.file`, their relative paths rebased on that file's directory. */
  private otherFileScope(name: string, ref: string, writtenFile: string, from: Scope): Scope {
    const file = isAbsolute(writtenFile) ? writtenFile : join(dirname(from.file), writtenFile);
    const loaded = this.options.loadFile(file);
    const services = loaded.model['services'];
    if (services === undefined)
      throw extendsError(`cannot extend service "${name}" in ${file}: no services section`);
    if (!isMapping(services)) {
      throw extendsError(`cannot extend service "${name}" in ${file}: services must be a mapping`);
    }
    if (!hasKey(services, ref)) {
      throw extendsError(
        `cannot extend service "${name}" in ${from.file}: service "${ref}" not found in ${writtenFile}`,
      );
    }
    const homeOption = this.options.homeDir ? { homeDir: this.options.homeDir } : {};
    const rebased = resolveRelativePaths(loaded.model, dirname(file), homeOption);
    return { file, services: rebased['services'] as RawMapping, tags: loaded };
  }

  /** Resolves `services[name]` of `scope` (memoized in place) and returns it. */
  resolve(name: string, scope: Scope, chain: readonly ChainLink[]): unknown {
    const service = scope.services[name];
    if (service === null || service === undefined) return service;
    if (!isMapping(service))
      throw extendsError(`services.${name} must be a mapping`, ['services', name]);
    const reference = service['extends'];
    if (reference === undefined) return service;

    let ref: unknown = reference;
    let writtenFile: unknown;
    if (isMapping(reference)) {
      ref = reference['service'];
      writtenFile = reference['file'];
    }
    if (typeof ref !== 'string') {
      throw extendsError(`extends.${name}.service is required`, ['services', name, 'extends']);
    }
    let baseScope = scope;
    if (writtenFile !== undefined && writtenFile !== null) {
      if (typeof writtenFile !== 'string') {
        throw extendsError(`extends.${name}.file must be a string`, [
          'services',
          name,
          'extends',
          'file',
        ]);
      }
      baseScope = this.otherFileScope(name, ref, writtenFile, scope);
    } else if (!hasKey(scope.services, ref)) {
      throw extendsError(
        `cannot extend service "${name}" in ${scope.file}: service "${ref}" not found`,
      );
    }

    const longerChain = addToChain(chain, { file: scope.file, service: name });
    const base = this.resolve(ref, baseScope, longerChain);
    // `base:` declared empty: there is nothing to inherit.
    if (base === null || base === undefined) return service;

    // The extending document's `!reset`/`!override` paths remove inherited values first.
    const inherited = applyResets({ services: { [name]: cloneRaw(base) } }, scope.tags);
    const inheritedService = (inherited['services'] as RawMapping)[name] as RawMapping;
    const merged = mergeValues(inheritedService, service, ['services', name]) as RawMapping;
    delete merged['extends'];
    const unique = enforceUnicity({ services: { [name]: merged } });
    const resolved = (unique['services'] as RawMapping)[name];
    scope.services[name] = resolved;
    return resolved;
  }
}

/**
 * Applies `extends` to every service of one file's model (§7): the base
 * (same file, or `extends.file` relative to the declaring file) is resolved
 * first, recursively; the service is merged onto a copy of it with the
 * multi-file merge rules. Returns a new model (or, with `ownsModel`, `model`
 * itself, updated).
 */
export function applyExtends(model: RawMapping, options: ExtendsOptions): RawMapping {
  const services = model['services'];
  const own = (value: RawMapping) => (options.ownsModel ? value : cloneRaw(value));
  if (services === undefined) return own(model);
  if (!isMapping(services)) throw extendsError('services must be a mapping', ['services']);
  const result = own(model);
  const scope: Scope = {
    file: options.file,
    services: result['services'] as RawMapping,
    tags: options.tags ?? NO_TAGS,
  };
  const resolver = new ExtendsResolver(options);
  for (const name of Object.keys(scope.services)) resolver.resolve(name, scope, []);
  return result;
}
