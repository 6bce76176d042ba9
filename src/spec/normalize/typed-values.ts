import { FormatError, parseByteSize, parseDuration, parseFileMode } from '../formats.js';
import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { reportError, type NormalizeContext } from './context.js';

export type ValueParser = (value: unknown) => unknown;

/**
 * Replaces `mapping[key]` by `parse(value)` when the key is present; a
 * `FormatError` becomes a diagnostic at `path.key` and the value is left as is.
 */
export function typeKey(
  mapping: RawMapping,
  key: string,
  parse: ValueParser,
  path: KeyPath,
  context: NormalizeContext,
): void {
  if (mapping[key] === undefined || mapping[key] === null) return;
  try {
    mapping[key] = parse(mapping[key]);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    reportError(context, [...path, key], 'format.invalid', error.message);
  }
}

export const asDuration: ValueParser = parseDuration;
export const asBytes: ValueParser = parseByteSize;
export const asFileMode: ValueParser = parseFileMode;

export function asNumber(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
    return Number(value);
  return value;
}

/** Types `keys` of a nested mapping found at `mapping[key]`, copying it first (inputs are never mutated). */
export function typeNested(
  mapping: RawMapping,
  key: string,
  path: KeyPath,
  context: NormalizeContext,
  typeInside: (nested: RawMapping, nestedPath: KeyPath) => void,
): void {
  const nested = mapping[key];
  if (!isMapping(nested)) return;
  const copy = { ...nested };
  typeInside(copy, [...path, key]);
  mapping[key] = copy;
}
