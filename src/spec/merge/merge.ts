import { ComposeError } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { PathTrie } from '../path-trie.js';
import { cloneRaw, hasKey, setKey } from './raw-utils.js';
import { SPECIAL_MERGES } from './specials.js';

const SPECIALS = new PathTrie(SPECIAL_MERGES);

function cannotOverride(path: KeyPath): ComposeError {
  return ComposeError.of({
    code: 'merge.type',
    message:
      'cannot override: the earlier file has a value of another kind (mapping, list or scalar) here',
    path,
  });
}

/**
 * Merges one value of an override file onto the same value of the base (both
 * defined): special paths first (§6.2), then mappings merge by key, sequences
 * append, scalars are replaced, and a `null` override keeps the base.
 */
export function mergeValues(base: unknown, override: unknown, path: KeyPath): unknown {
  const special = SPECIALS.find(path);
  if (special) return special(base, override, path, mergeMappings);
  if (override === null || override === undefined) return cloneRaw(base);
  if (isMapping(base)) {
    if (!isMapping(override)) throw cannotOverride(path);
    return mergeMappings(base, override, path);
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(override)) throw cannotOverride(path);
    return [...cloneRaw(base), ...cloneRaw(override)];
  }
  return cloneRaw(override);
}

/** Keys only in one side are copied; keys on both sides are merged with `mergeValues`. */
export function mergeMappings(base: RawMapping, override: RawMapping, path: KeyPath): RawMapping {
  const merged: RawMapping = {};
  // Base keys keep their order; each container is copied once.
  for (const key of Object.keys(base)) {
    const value = hasKey(override, key)
      ? mergeValues(base[key], override[key], [...path, key])
      : cloneRaw(base[key]);
    setKey(merged, key, value);
  }
  for (const key of Object.keys(override)) {
    if (!hasKey(base, key)) setKey(merged, key, cloneRaw(override[key]));
  }
  return merged;
}

/** Merges a later compose file (or document) onto the model accumulated so far; inputs are not modified. */
export function mergeModels(base: RawMapping, override: RawMapping): RawMapping {
  return mergeMappings(base, override, []);
}
