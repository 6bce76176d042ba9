/**
 * Small schema builders on top of TypeBox, so that every area module states the
 * Compose rules in a few words and the TypeScript type of the raw model follows
 * from the same definition. Everything here produces plain JSON Schema
 * (draft 2020-12); TypeBox's symbol keys vanish when the schema is serialized.
 */
import { EXTENSION_KEY_PATTERN } from './key-patterns.js';
import {
  Type,
  type Static,
  type TObject,
  type TProperties,
  type TSchema,
  type TUnsafe,
} from '@sinclair/typebox';

/** JSON type names as the `type` keyword spells them. */
export type JsonTypeName =
  'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

type StaticOfTypeName<N extends JsonTypeName> = N extends 'string'
  ? string
  : N extends 'number' | 'integer'
    ? number
    : N extends 'boolean'
      ? boolean
      : N extends 'null'
        ? null
        : N extends 'object'
          ? Record<string, unknown>
          : unknown[];

/**
 * A value of one of several JSON types, as one `type: [...]` keyword. Compose uses
 * this for fields like `init: true` that may also hold a not-yet-cast string; one
 * keyword keeps the schema short and gives one error instead of an `anyOf` tree.
 */
export function OfTypes<N extends JsonTypeName>(...typeNames: N[]): TUnsafe<StaticOfTypeName<N>> {
  return Type.Unsafe<StaticOfTypeName<N>>({ type: typeNames });
}

export const BooleanOrString = OfTypes('boolean', 'string');
export const NumberOrString = OfTypes('number', 'string');
export const IntegerOrString = OfTypes('integer', 'string');

/** Exactly one alternative must match (JSON Schema `oneOf`), as the specification states it. */
export function OneOf<T extends TSchema[]>(alternatives: [...T]): TUnsafe<Static<T[number]>> {
  return Type.Unsafe<Static<T[number]>>({ oneOf: alternatives });
}

/** A string restricted to a fixed list (`enum`); the list is also the static type. */
export function StringEnum<const V extends readonly string[]>(values: V): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values] });
}

export { EXTENSION_KEY_PATTERN };

/** Extension fields as a static type; their values are the user's business. */
export type ExtensionFields = { [key: `x-${string}`]: unknown };

/**
 * A mapping with known keys that also accepts `x-*` extension keys and rejects
 * anything else: the shape of almost every Compose mapping.
 */
export function ExtensibleObject<P extends TProperties>(
  properties: P,
): TUnsafe<Static<TObject<P>> & ExtensionFields> {
  const closed = Type.Object(properties, {
    additionalProperties: false,
    patternProperties: { [EXTENSION_KEY_PATTERN]: {} },
  });
  return Type.Unsafe<Static<TObject<P>> & ExtensionFields>(closed);
}

/** A mapping with known keys only: a few Compose mappings do not take extensions. */
export function ClosedObject<P extends TProperties>(properties: P): TObject<P> {
  return Type.Object(properties, { additionalProperties: false });
}

/**
 * A mapping whose keys are free but must match `keyPattern`; with `closed`, keys
 * that do not match are errors, otherwise they pass unchecked.
 */
export function PatternMapping<V extends TSchema>(
  keyPattern: string,
  value: V,
  options: { closed: boolean },
): TUnsafe<Record<string, Static<V>>> {
  return Type.Unsafe<Record<string, Static<V>>>({
    type: 'object',
    patternProperties: { [keyPattern]: value },
    ...(options.closed ? { additionalProperties: false } : {}),
  });
}

/** The same mapping schema, but `null` is accepted too (`networks: {front: }`). */
export function NullableObject<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: ['object', 'null'] });
}

/**
 * A named definition: emitted once under `$defs` and used through `$ref`, for
 * shapes shared by several fields and for the big blocks (service, network...),
 * which also makes error locations (`#/$defs/service/...`) readable.
 */
export interface Definition<T extends TSchema> {
  readonly name: string;
  readonly schema: T;
  readonly ref: TUnsafe<Static<T>>;
}

export function define<T extends TSchema>(name: string, schema: T): Definition<T> {
  return { name, schema, ref: Type.Unsafe<Static<T>>({ $ref: `#/$defs/${name}` }) };
}
