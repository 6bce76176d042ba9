import { isMapping, type RawMapping } from '../raw.js';

/**
 * Sets an own property even for the key `__proto__`, which a plain assignment
 * would turn into a prototype change (a YAML file may contain any key).
 */
export function setKey(target: RawMapping, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** Own-key presence (never inherited names such as `constructor`). */
export function hasKey(target: RawMapping, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** Deep copy of JSON-like data, so merged results never share containers with inputs. */
export function cloneRaw<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneRaw(item)) as T;
  if (isMapping(value)) {
    const copy: RawMapping = {};
    for (const key of Object.keys(value)) setKey(copy, key, cloneRaw(value[key]));
    return copy as T;
  }
  return value;
}
