/** The errors the generated ajv validator reports, and where they point in the model. */
import type { KeyPath } from '../key-path.js';

/**
 * One ajv error as the standalone validator produces it (built with
 * `messages: false, verbose: true`): `parentSchema` is the schema object holding
 * the failed keyword, where the keys a mapping allows can be read.
 */
export interface SchemaError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly parentSchema?: Readonly<Record<string, unknown>>;
}

/** Keywords whose failure only means "no alternative matched"; the alternatives' errors say why. */
export const UNION_KEYWORDS: ReadonlySet<string> = new Set(['oneOf', 'anyOf']);

/** `/services/web/ports/0` as segments (`~1` is `/`, `~0` is `~`), still all strings. */
export function pointerSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The key path of an instance pointer: a segment is a number exactly where the
 * model holds a list there (a service may well be named `0`).
 */
export function toKeyPath(instancePath: string, model: unknown): KeyPath {
  const path: (string | number)[] = [];
  let value: unknown = model;
  for (const segment of pointerSegments(instancePath)) {
    if (Array.isArray(value)) {
      const index = Number(segment);
      path.push(index);
      value = value[index];
    } else {
      path.push(segment);
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return path;
}

/** The value at an instance pointer, for messages that quote it. */
export function valueAt(instancePath: string, model: unknown): unknown {
  let value: unknown = model;
  for (const segment of pointerSegments(instancePath)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
