/** Multi-file merge (§6): generic and special rules, unicity, `!reset`/`!override`. */
export { mergeModels, mergeValues, mergeMappings } from './merge.js';
export { applyResets, type RecordedTags } from './resets.js';
export {
  enforceUnicity,
  enforceUnicityOwned,
  dedupeByIndex,
  dedupePorts,
  dedupeVolumes,
  dedupeKeyValues,
} from './unicity.js';
export { shortVolumeTarget, splitVolumeSpec, type Indexer } from './indexers.js';
export { cloneRaw } from './raw-utils.js';
