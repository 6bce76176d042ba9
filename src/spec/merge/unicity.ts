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
import { earliestRule, PathTrie, type TrieNode } from '../path-trie.js';
import { pathPattern } from './path-pattern.js';
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
const UNIQUE_SEQUENCES = new PathTrie<Indexer>([
  ...KEY_VALUE_LISTS.map((pattern) => [pathPattern(pattern), keyValueIndexer] as const),
  [pathPattern('services.*.volumes'), volumeIndexer],
  [pathPattern('services.*.devices'), deviceIndexer],
  [pathPattern('services.*.secrets'), mountIndexer('/run/secrets')],
  [pathPattern('services.*.configs'), mountIndexer('')],
  [pathPattern('services.*.ports'), portIndexer],
  [pathPattern('services.*.expose'), exposeIndexer],
  [pathPattern('services.*.env_file'), envFileIndexer],
]);

/**
 * The identity of every item, in order. One path array serves every item (the
 * indexers read it only to build the error they throw, which ends the walk).
 */
function identities(items: readonly unknown[], indexer: Indexer, path: KeyPath): string[] {
  const itemPath = [...path, 0];
  const last = path.length;
  const result: string[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    itemPath[last] = index;
    result[index] = indexer(items[index], itemPath);
  }
  return result;
}

/**
 * Keeps one item per identity: the first occurrence's position with the last
 * occurrence's value (a later file redefines an entry in place).
 */
export function dedupeByIndex(
  items: readonly unknown[],
  indexer: Indexer,
  path: KeyPath,
): unknown[] {
  return withoutRedefinitions(items, identities(items, indexer, path)) ?? [...items];
}

/** `items` without redefinitions, or `undefined` when every identity is distinct (nearly always). */
function withoutRedefinitions(
  items: readonly unknown[],
  keys: readonly string[],
): unknown[] | undefined {
  if (!hasRepeats(keys)) return undefined;
  const unique: unknown[] = [];
  const positions = new Map<string, number>();
  for (let index = 0; index < items.length; index++) {
    const position = positions.get(keys[index]!);
    if (position === undefined) {
      positions.set(keys[index]!, unique.length);
      unique.push(items[index]);
    } else {
      unique[position] = items[index];
    }
  }
  return unique;
}

function hasRepeats(keys: readonly string[]): boolean {
  if (keys.length < 2) return false;
  if (keys.length <= 16) {
    // Short lists (nearly all of them): comparing pairs allocates nothing.
    for (let i = 1; i < keys.length; i++)
      for (let j = 0; j < i; j++) if (keys[i] === keys[j]) return true;
    return false;
  }
  return new Set(keys).size !== keys.length;
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
 * Finds every listed sequence under `value` that has redefinitions, and its
 * de-duplicated copy. Only keys some pattern continues through are visited
 * (`nodes`: where the patterns stand at `path`). Nothing is changed yet: when
 * an entry is malformed the indexer throws and the model must still be as it
 * was (the caller then validates it for a clearer message).
 */
function collectReplacements(
  value: RawMapping,
  nodes: readonly TrieNode<Indexer>[],
  path: (string | number)[],
  found: Replacement[],
): void {
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (typeof child !== 'object' || child === null) continue;
    const next: TrieNode<Indexer>[] = [];
    for (const node of nodes) node.step(key, next);
    if (next.length === 0) continue;
    path.push(key);
    if (Array.isArray(child)) {
      const indexer = earliestRule(next);
      // Sequences not listed are left as they are, without looking inside.
      if (indexer) {
        const unique = withoutRedefinitions(child, identities(child, indexer, path));
        if (unique !== undefined) found.push([value, key, unique]);
      }
    } else if (next.some((node) => node.hasChildren)) {
      collectReplacements(child as RawMapping, next, path, found);
    }
    path.pop();
  }
}

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
  collectReplacements(model, [UNIQUE_SEQUENCES.start], [], replacements);
  for (const [container, key, unique] of replacements) setKey(container, key, unique);
  return model;
}
