import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
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

function enforce(value: unknown, path: KeyPath): unknown {
  if (isMapping(value)) {
    const result: RawMapping = {};
    for (const key of Object.keys(value)) setKey(result, key, enforce(value[key], [...path, key]));
    return result;
  }
  if (Array.isArray(value)) {
    const indexer = findRule(UNIQUE_SEQUENCES, path);
    // Sequences not listed are returned as they are, without looking inside.
    return indexer ? dedupeByIndex(value, indexer, path) : value;
  }
  return value;
}

/** Removes redefinitions from the sequences listed in §6.3; returns a new model. */
export function enforceUnicity(model: RawMapping): RawMapping {
  // Working on a copy lets `enforce` reuse containers without touching the input.
  return enforce(cloneRaw(model), []) as RawMapping;
}
