import { isMapping, type RawMapping } from './raw.js';

/**
 * Key order of the canonical output. compose prints Go maps sorted and structs
 * in field order; most structs are declared alphabetically, the few that are
 * not are listed here (unlisted keys, such as `x-*`, follow sorted).
 */
export const FIELD_ORDER = {
  project: ['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'],
  port: ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'],
  volume: [
    'type',
    'source',
    'target',
    'read_only',
    'consistency',
    'bind',
    'volume',
    'tmpfs',
    'image',
  ],
  bind: ['selinux', 'propagation', 'create_host_path', 'recursive'],
  healthcheck: [
    'test',
    'timeout',
    'interval',
    'retries',
    'start_period',
    'start_interval',
    'disable',
  ],
  fileReference: ['source', 'target', 'uid', 'gid', 'mode'],
  device: ['source', 'target', 'permissions'],
  envFile: ['path', 'required', 'format'],
} as const satisfies Record<string, readonly string[]>;

/** Sorts every mapping's keys, recursively; lists keep their order. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isMapping(value)) return value;
  return orderKeys(value, []);
}

/**
 * `mapping` with `order` keys first (in that order), then the rest sorted;
 * values are sorted deeply unless `deep` is false (already ordered values).
 */
export function orderKeys(mapping: RawMapping, order: readonly string[], deep = true): RawMapping {
  const result: RawMapping = {};
  const rest = Object.keys(mapping)
    .filter((key) => !order.includes(key))
    .sort();
  for (const key of [...order, ...rest]) {
    if (key in mapping && mapping[key] !== undefined)
      result[key] = deep ? sortKeysDeep(mapping[key]) : mapping[key];
  }
  return result;
}

/** Orders each mapping item of a list. */
export function orderItems(list: unknown, order: readonly string[]): unknown {
  return Array.isArray(list)
    ? list.map((item) => (isMapping(item) ? orderKeys(item, order) : item))
    : list;
}
