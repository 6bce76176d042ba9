import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { reportError, type NormalizeContext } from './context.js';

/** Scalars of a mapping become text (`true` → `"true"`, `8080` → `"8080"`), as compose binds them. */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * `environment` (list or map) → map. `K=V` → V, `K=` → "", `K` and `K: null` → null
 * (no value: resolved later from the project environment). A key with surrounding
 * blanks (`"K =v"`) is an error, not a silently different variable.
 */
export function environmentToMap(
  value: unknown,
  path: KeyPath,
  context: NormalizeContext,
): unknown {
  if (isMapping(value)) {
    const result: Record<string, string | null> = {};
    for (const [key, item] of Object.entries(value))
      result[key] = item === null ? null : scalarText(item);
    return result;
  }
  if (!Array.isArray(value)) return value;
  const result: Record<string, string | null> = {};
  value.forEach((item, index) => {
    const text = scalarText(item);
    const equals = text.indexOf('=');
    const key = equals >= 0 ? text.slice(0, equals) : text;
    if (key.trim() !== key || key === '') {
      const message = `environment variable name ${JSON.stringify(key)} must not be empty nor contain blanks around it`;
      reportError(context, [...path, index], 'environment.invalid-key', message);
      return;
    }
    result[key] = equals >= 0 ? text.slice(equals + 1) : null;
  });
  return result;
}

/**
 * Label-like lists (`labels`, `annotations`, `sysctls`, `build.args`, ...) → map.
 * `k=v` → v; `k` alone takes `bareValue` (`""` for labels, `null` for build args
 * whose value comes from the environment); map values become text.
 */
export function listToMap(value: unknown, bareValue: string | null): unknown {
  if (isMapping(value)) {
    const result: Record<string, string | null> = {};
    for (const [key, item] of Object.entries(value))
      result[key] = item === null ? bareValue : scalarText(item);
    return result;
  }
  if (!Array.isArray(value)) return value;
  const result: Record<string, string | null> = {};
  for (const item of value) {
    const text = scalarText(item);
    const equals = text.indexOf('=');
    if (equals >= 0) result[text.slice(0, equals)] = text.slice(equals + 1);
    else result[text] = bareValue;
  }
  return result;
}

/** A string becomes a one-item list (`dns`, `label_file`, `tmpfs`, watch `ignore`...). */
export function stringToList(value: unknown): unknown {
  return typeof value === 'string' ? [value] : value;
}

/** Applies `convert` to `mapping[key]` when present. */
export function convertKey(
  mapping: RawMapping,
  key: string,
  convert: (value: unknown) => unknown,
): void {
  if (key in mapping) mapping[key] = convert(mapping[key]);
}
