import type { KeyPath } from '../key-path.js';
import { ComposeError } from '../diagnostics.js';
import { isMapping, type RawMapping } from '../raw.js';
import { toKeyValueList, toMapping } from './convert.js';
import { dottedPath, pathPattern, type PathPattern } from './path-pattern.js';
import { cloneRaw } from './raw-utils.js';

/** Merges two mappings key by key; provided by `merge.ts` to avoid an import cycle. */
export type MappingMerger = (base: RawMapping, override: RawMapping, path: KeyPath) => RawMapping;

/** A special merge rule: both values are defined (the key exists on both sides). */
export type SpecialMerge = (
  base: unknown,
  override: unknown,
  path: KeyPath,
  mergeMappings: MappingMerger,
) => unknown;

const DEPENDS_ON_DEFAULT: RawMapping = { condition: 'service_started', required: true };

/** The override value is taken as is (no append, even `null` wins). */
const replace: SpecialMerge = (_base, override) => cloneRaw(override);

/** Both sides as `KEY=VAL` lists, concatenated; unicity later keeps the last value per key. */
const concatAsList: SpecialMerge = (base, override) => {
  const left = toKeyValueList(base);
  const right = toKeyValueList(override);
  if (left === undefined && right === undefined) return null;
  return [...(left ?? []), ...(right ?? [])];
};

/** Like `concatAsList`, but an override entry already present in the base is not repeated. */
const appendNewHosts: SpecialMerge = (base, override) => {
  const left = toKeyValueList(base) ?? [];
  const right = toKeyValueList(override) ?? [];
  return [...left, ...right.filter((entry) => !left.includes(entry))];
};

const mergeAsMapping =
  (itemValue: RawMapping | null): SpecialMerge =>
  (base, override, path, mergeMappings) =>
    mergeMappings(toMapping(base, itemValue), toMapping(override, itemValue), path);

/** `build: ./dir` is `build: {context: ./dir}` for merging. */
const mergeBuild: SpecialMerge = (base, override, path, mergeMappings) => {
  const asMapping = (value: unknown): RawMapping =>
    typeof value === 'string' ? { context: value } : isMapping(value) ? value : {};
  return mergeMappings(asMapping(base), asMapping(override), path);
};

/** Options of different logging drivers mean nothing to each other: the override block wins whole. */
const mergeLogging: SpecialMerge = (base, override, path, mergeMappings) => {
  if (!isMapping(base) || !isMapping(override))
    return override === null ? cloneRaw(base) : cloneRaw(override);
  const sameOrUnsetDriver =
    !('driver' in base) || !('driver' in override) || base['driver'] === override['driver'];
  return sameOrUnsetDriver ? mergeMappings(base, override, path) : cloneRaw(override);
};

/** IPAM pools are identified by subnet: same subnet → merged, new subnet → appended. */
const mergeIpamConfig: SpecialMerge = (base, override, path, mergeMappings) => {
  if (!Array.isArray(base) || !Array.isArray(override)) {
    throw ComposeError.of({
      code: 'merge.type',
      message: `${dottedPath(path)}: unexpected type`,
      path,
    });
  }
  const pools: unknown[] = base.map((pool: unknown) => cloneRaw(pool));
  for (const pool of override) {
    const subnet = isMapping(pool) ? pool['subnet'] : undefined;
    const index = pools.findIndex(
      (existing) => isMapping(existing) && existing['subnet'] === subnet,
    );
    const existing = index >= 0 ? pools[index] : undefined;
    if (isMapping(existing) && isMapping(pool)) pools[index] = mergeMappings(existing, pool, path);
    else pools.push(cloneRaw(pool));
  }
  return pools;
};

const RULES: [string, SpecialMerge][] = [
  ['services.*.command', replace],
  ['services.*.entrypoint', replace],
  ['services.*.healthcheck.test', replace],
  ['services.*.ulimits.*', replace],
  ['services.*.environment', concatAsList],
  ['services.*.labels', concatAsList],
  ['services.*.annotations', concatAsList],
  ['services.*.sysctls', concatAsList],
  ['services.*.build.args', concatAsList],
  ['services.*.build.labels', concatAsList],
  ['services.*.build.additional_contexts', concatAsList],
  ['services.*.deploy.labels', concatAsList],
  ['services.*.volumes.*.volume.labels', concatAsList],
  ['networks.*.labels', concatAsList],
  ['volumes.*.labels', concatAsList],
  ['services.*.dns', concatAsList],
  ['services.*.dns_opt', concatAsList],
  ['services.*.dns_search', concatAsList],
  ['services.*.tmpfs', concatAsList],
  ['services.*.env_file', concatAsList],
  ['services.*.label_file', concatAsList],
  ['services.*.extra_hosts', appendNewHosts],
  ['services.*.build.extra_hosts', appendNewHosts],
  ['services.*.depends_on', mergeAsMapping(DEPENDS_ON_DEFAULT)],
  ['services.*.networks', mergeAsMapping(null)],
  ['services.*.models', mergeAsMapping(null)],
  ['services.*.build', mergeBuild],
  ['services.*.logging', mergeLogging],
  ['networks.*.ipam.config', mergeIpamConfig],
];

export const SPECIAL_MERGES: readonly (readonly [PathPattern, SpecialMerge])[] = RULES.map(
  ([pattern, rule]) => [pathPattern(pattern), rule] as const,
);
