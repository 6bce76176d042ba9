/** User-facing wording of schema errors: one sentence, a code, and a hint when one helps. */
import type { KeyPath } from '../key-path.js';
import { closestMatch } from './did-you-mean.js';
import { EXTENSION_KEY_PATTERN, RESOURCE_NAME_PATTERN } from './key-patterns.js';
import type { SelectedError } from './error-selection.js';
import { toKeyPath, valueAt, type SchemaError } from './schema-error.js';

export interface DescribedError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The place the message is about. */
  readonly path: KeyPath;
  /** The most precise place to show (an unknown key rather than its mapping). */
  readonly focus: KeyPath;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
  object: 'a mapping',
  array: 'a list',
};

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return TYPE_WORDS[typeof value] ?? typeof value;
}

/** `a, b or c` */
function alternatives(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function typeMismatch(
  errors: SelectedError,
  model: unknown,
): Omit<DescribedError, 'path' | 'focus'> {
  const expected = [...new Set(errors.flatMap((error) => String(error.params.type).split(',')))];
  const actual = typeOfValue(valueAt(errors[0].instancePath, model));
  const words = expected.map((name) => TYPE_WORDS[name] ?? name);
  return { code: 'schema.type', message: `must be ${alternatives(words)}, not ${actual}` };
}

/** Names of the keys a schema object lists (`properties`, `patternProperties`). */
function keysOf(schema: Readonly<Record<string, unknown>> | undefined, keyword: string): string[] {
  const value = schema?.[keyword];
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

function unknownKey(error: SchemaError): Omit<DescribedError, 'path' | 'focus'> {
  const key = String(error.params.additionalProperty);
  const allowed = {
    properties: keysOf(error.parentSchema, 'properties'),
    patterns: keysOf(error.parentSchema, 'patternProperties'),
  };
  if (allowed.properties.length === 0 && allowed.patterns.includes(RESOURCE_NAME_PATTERN)) {
    return {
      code: 'schema.invalid-name',
      message: `'${key}' is not a valid name`,
      hint: "names may use only letters, digits, '.', '_' and '-'",
    };
  }
  const suggestion = closestMatch(key, allowed.properties);
  const hint = suggestion
    ? `did you mean '${suggestion}'?`
    : allowed.patterns.includes(EXTENSION_KEY_PATTERN)
      ? "custom keys must start with 'x-'"
      : undefined;
  const what = allowed.properties.length > 0 ? 'additional property' : 'key';
  return {
    code: 'schema.additional-property',
    message: `${what} '${key}' is not allowed`,
    ...(hint ? { hint } : {}),
  };
}

function notInEnum(error: SchemaError, model: unknown): Omit<DescribedError, 'path' | 'focus'> {
  const allowedValues = (error.params.allowedValues as unknown[]).map(String);
  const value = valueAt(error.instancePath, model);
  const suggestion = typeof value === 'string' ? closestMatch(value, allowedValues) : undefined;
  return {
    code: 'schema.enum',
    message: `must be one of: ${allowedValues.join(', ')}`,
    ...(suggestion ? { hint: `did you mean '${suggestion}'?` } : {}),
  };
}

/** Turns one selected error into its message and the places it concerns. */
export function describeSchemaError(selected: SelectedError, model: unknown): DescribedError {
  const [error] = selected;
  const path = toKeyPath(error.instancePath, model);
  const at = (
    described: Omit<DescribedError, 'path' | 'focus'>,
    focus: KeyPath = path,
  ): DescribedError => ({
    ...described,
    path,
    focus,
  });
  const value = () => valueAt(error.instancePath, model);
  switch (error.keyword) {
    case 'type':
      return at(typeMismatch(selected, model));
    case 'additionalProperties':
      return at(unknownKey(error), [...path, String(error.params.additionalProperty)]);
    case 'required':
      return at({
        code: 'schema.required',
        message: `missing required property '${String(error.params.missingProperty)}'`,
      });
    case 'enum':
      return at(notInEnum(error, model));
    case 'pattern':
      return at({
        code: 'schema.pattern',
        message: `${quote(value())} does not match the pattern '${String(error.params.pattern)}'`,
      });
    case 'minimum':
    case 'maximum':
      return at({
        code: `schema.${error.keyword}`,
        message: `must be ${String(error.params.comparison)} ${String(error.params.limit)}, not ${quote(value())}`,
      });
    case 'uniqueItems': {
      const [first, second] = [Number(error.params.i), Number(error.params.j)].sort(
        (a, b) => a - b,
      );
      return {
        code: 'schema.unique-items',
        message: `items [${first}] and [${second}] are the same; items of this list must be unique`,
        path,
        focus: [...path, second!],
      };
    }
    case 'oneOf':
    case 'anyOf':
      return at({ code: 'schema.one-of', message: 'must match exactly one of the allowed forms' });
    default:
      return at({ code: `schema.${error.keyword}`, message: `is not valid (${error.keyword})` });
  }
}
