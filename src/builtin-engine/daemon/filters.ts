/**
 * The Engine API's `filters` semantics, shared by the container, image,
 * volume and network lists (and their prune endpoints). Docker's rules, in our words:
 * - a filter key the endpoint does not know is a 400 `Invalid filter 'key'`;
 * - values of one key are alternatives (any may match), different keys must
 *   all match;
 * - `name`, `id` and `driver` match when a value equals the field or, read as
 *   a regular expression, matches somewhere in it (so `name=web` also finds
 *   `app_web_1`);
 * - `label=key` asks for the label to exist, `label=key=value` for that value;
 *   every `label` value must hold (`label!` in prune: none may hold).
 */
import { EngineApiError, type ApiFilters } from '../ports.js';

export function checkFilterKeys(filters: ApiFilters, allowed: readonly string[]): void {
  for (const key of filters.keys()) {
    if (!allowed.includes(key)) throw new EngineApiError(400, `Invalid filter '${key}'`);
  }
}

/** Equal, or matching as a regular expression (one that does not compile matches nothing). */
export function matchesPattern(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  try {
    return new RegExp(pattern).test(value);
  } catch {
    // Docker skips patterns that do not compile as well.
    return false;
  }
}

/** Docker's `Args.Match`: true when `key` is absent or any of its values matches `value`. */
export function matchField(filters: ApiFilters, key: string, value: string): boolean {
  const patterns = filters.get(key);
  if (patterns === undefined || patterns.length === 0) return true;
  return patterns.some((pattern) => matchesPattern(pattern, value));
}

/** Docker's `ExactMatch`: true when `key` is absent or one of its values equals `value`. */
export function exactField(filters: ApiFilters, key: string, value: string): boolean {
  const wanted = filters.get(key);
  return wanted === undefined || wanted.length === 0 || wanted.includes(value);
}

/** `key` or `key=value` against labels (Docker's MatchKVList, one entry). */
export function labelHolds(
  labels: Readonly<Record<string, string>> | null | undefined,
  spec: string,
): boolean {
  const equals = spec.indexOf('=');
  const key = equals < 0 ? spec : spec.slice(0, equals);
  if (labels == null || !Object.hasOwn(labels, key)) return false;
  return equals < 0 || labels[key] === spec.slice(equals + 1);
}

/** Every `label` filter holds, and (for prune) no `label!` filter does. */
export function matchLabels(
  filters: ApiFilters,
  labels: Readonly<Record<string, string>> | null | undefined,
): boolean {
  const required = filters.get('label') ?? [];
  const refused = filters.get('label!') ?? [];
  return (
    required.every((spec) => labelHolds(labels, spec)) &&
    !refused.some((spec) => labelHolds(labels, spec))
  );
}

/**
 * A boolean filter (`dangling=true`): undefined when absent. Docker accepts
 * `true`/`1` and `false`/`0`; anything else, or both at once, is a 400.
 */
export function booleanFilter(filters: ApiFilters, key: string): boolean | undefined {
  const values = filters.get(key);
  if (values === undefined || values.length === 0) return undefined;
  const parsed = new Set<boolean>();
  for (const value of values) {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') parsed.add(true);
    else if (lower === 'false' || lower === '0') parsed.add(false);
    else throw new EngineApiError(400, `Invalid filter '${key}=[${value}]'`);
  }
  if (parsed.size > 1) {
    throw new EngineApiError(400, `Invalid filter '${key}=[${values.join(' ')}]'`);
  }
  return [...parsed][0];
}

/** Builds an `ApiFilters` from a plain object (tests and internal callers). */
export function filtersOf(entries: Readonly<Record<string, readonly string[]>> = {}): ApiFilters {
  return new Map(Object.entries(entries));
}
