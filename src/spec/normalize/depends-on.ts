import { isMapping, type RawMapping } from '../raw.js';

/** `depends_on: [a, b]` or a map with partial entries → map of full long entries (§10.1). */
export function normalizeDependsOn(value: unknown): unknown {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((name) => [String(name), null])
    : isMapping(value)
      ? Object.entries(value)
      : [];
  if (!Array.isArray(value) && !isMapping(value)) return value;
  const result: Record<string, RawMapping> = {};
  for (const [name, entry] of entries) {
    const given = isMapping(entry) ? entry : {};
    result[name] = {
      ...given,
      condition: given.condition ?? 'service_started',
      required: given.required ?? true,
    };
  }
  return result;
}

/** Service `networks`/`models` given as a list → map with `null` values. */
export function listToNullMap(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(value.map((name) => [String(name), null]));
}
