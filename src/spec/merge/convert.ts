import { isMapping, type RawMapping } from '../raw.js';
import { cloneRaw, setKey } from './raw-utils.js';

/** Go's `%v` for the scalar values a compose file holds. */
export function goValueText(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') {
    if (value === Infinity) return '+Inf';
    if (value === -Infinity) return '-Inf';
    return String(value);
  }
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The list form of a mapping-or-list attribute (environment, labels, ...):
 * `K: v` → `K=v`, `K: null` → `K`, `K: [a, b]` → `K=a`, `K=b`; the mapping form
 * is sorted as text so that merges are deterministic. A string is a 1-item list.
 * Returns `undefined` for anything else (the side contributes nothing).
 */
export function toKeyValueList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneRaw(item));
  if (typeof value === 'string') return [value];
  if (!isMapping(value)) return undefined;
  const entries: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (entry === null || entry === undefined) entries.push(key);
    else if (Array.isArray(entry))
      for (const item of entry) entries.push(`${key}=${goValueText(item)}`);
    else entries.push(`${key}=${goValueText(entry)}`);
  }
  if (entries.length === 0) return undefined;
  // Byte-wise comparison, like Go's string ordering (not locale-aware).
  return entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The mapping form of a list-or-mapping attribute (depends_on, service networks, models):
 * each list item becomes a key whose value is a fresh copy of `itemValue`.
 */
export function toMapping(value: unknown, itemValue: RawMapping | null): RawMapping {
  if (isMapping(value)) return cloneRaw(value);
  const mapping: RawMapping = {};
  if (Array.isArray(value)) {
    for (const item of value)
      setKey(mapping, goValueText(item), itemValue === null ? null : { ...itemValue });
  }
  return mapping;
}
