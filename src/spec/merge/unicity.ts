import type { KeyPath } from '../key-path.js';
import type { RawMapping } from '../raw.js';
import {
  deviceIndexer,
  envFileIndexer,
  exposeIndexer,
  keyValueIndexer,
  mountIndexer,
  portIndexer,
  volumeIndexer,
  type Indexer,
} from './indexers.js';
import { findRule, pathPattern, type PathPattern } from './path-pattern.js';
import { cloneRaw, setKey } from './raw-utils.js';

const KEY_VALUE_LISTS = [
  'services.*.environment',
  'services.*.labels',
  'services.*.annotations',
  'services.*.sysctls',
  'services.*.build.args',
  'services.*.build.labels',
  'services.*.build.tags',
  'services.*.build.platform',
  'services.*.build.additional_contexts',
  'services.*.deploy.labels',
  'services.*.cap_add',
  'services.*.cap_drop',
  'services.*.dns',
  'services.*.dns_opt',
  'services.*.dns_search',
  'services.*.links',
  'services.*.profiles',
  'services.*.tmpfs',
  'services.*.networks.*.aliases',
  'services.*.networks.*.link_local_ips',
  'networks.*.labels',
  'networks.*.ipam.options',
];

/** Sequences de-duplicated after every merge (§6.3); others (security_opt, cache_from, ...) keep duplicates. */
const UNIQUE_SEQUENCES: readonly (readonly [PathPattern, Indexer])[] = [
  ...KEY_VALUE_LISTS.map((pattern) => [pathPattern(pattern), keyValueIndexer] as const),
  [pathPattern('services.*.volumes'), volumeIndexer],
  [pathPattern('services.*.devices'), deviceIndexer],
  [pathPattern('services.*.secrets'), mountIndexer('/run/secrets')],
  [pathPattern('services.*.configs'), mountIndexer('')],
  [pathPattern('services.*.ports'), portIndexer],
  [pathPattern('services.*.expose'), exposeIndexer],
  [pathPattern('services.*.env_file'), envFileIndexer],
];

/**
 * Keeps one item per identity: the first occurrence's position with the last
 * occurrence's value (a later file redefines an entry in place).
 */
export function dedupeByIndex(
  items: readonly unknown[],
  indexer: Indexer,
  path: KeyPath,
): unknown[] {
  const unique: unknown[] = [];
  const positions = new Map<string, number>();
  items.forEach((item, index) => {
    const identity = indexer(item, [...path, index]);
    const position = positions.get(identity);
    if (position === undefined) {
      positions.set(identity, unique.length);
      unique.push(item);
    } else {
      unique[position] = item;
    }
  });
  return unique;
}

export const dedupePorts = (ports: readonly unknown[], path: KeyPath = []): unknown[] =>
  dedupeByIndex(ports, portIndexer, path);
export const dedupeVolumes = (volumes: readonly unknown[], path: KeyPath = []): unknown[] =>
  dedupeByIndex(volumes, volumeIndexer, path);
export const dedupeKeyValues = (entries: readonly unknown[], path: KeyPath = []): unknown[] =>
  dedupeByIndex(entries, keyValueIndexer, path);

/** A de-duplicated sequence waiting to replace `container[key]`. */
type Replacement = readonly [container: RawMapping, key: string, unique: unknown[]];

/**
 * Finds every listed sequence under `value` and its de-duplicated copy. Nothing
 * is changed yet: when an entry is malformed the indexer throws and the model
 * must still be as it was (the caller then validates it for a clearer message).
 */
function collectReplacements(
  value: RawMapping,
  path: (string | number)[],
  found: Replacement[],
): void {
  // Only services, networks, ... near the top can hold a listed sequence.
  if (path.length >= MAX_RULE_DEPTH) return;
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (typeof child !== 'object' || child === null) continue;
    path.push(key);
    if (Array.isArray(child)) {
      const indexer = findRule(UNIQUE_SEQUENCES, path);
      // Sequences not listed are left as they are, without looking inside.
      if (indexer) found.push([value, key, dedupeByIndex(child, indexer, path)]);
    } else {
      collectReplacements(child as RawMapping, path, found);
    }
    path.pop();
  }
}

/** The deepest path a unicity rule names: deeper values are never looked at. */
const MAX_RULE_DEPTH = Math.max(...UNIQUE_SEQUENCES.map(([pattern]) => pattern.length));

/** Removes redefinitions from the sequences listed in §6.3; returns a new model (the input is not modified). */
export function enforceUnicity(model: RawMapping): RawMapping {
  return enforceUnicityOwned(cloneRaw(model));
}

/**
 * `enforceUnicity` for a model the caller owns outright — e.g. the fresh result
 * of `mergeModels`, which never shares containers with its inputs: the model is
 * updated in place and returned, saving two copies of a large project.
 */
export function enforceUnicityOwned(model: RawMapping): RawMapping {
  const replacements: Replacement[] = [];
  collectReplacements(model, [], replacements);
  for (const [container, key, unique] of replacements) setKey(container, key, unique);
  return model;
}
