import { formatKeyPath, type KeyPath } from '../key-path.js';
import { scanDollar, type DollarToken } from './template.js';

/** Looks a variable up; `undefined` means unset (distinct from the empty string). */
export type VariableLookup = (name: string) => string | undefined;

/**
 * Why one string could not be interpolated. `kind` tells the tree walk which diagnostic
 * code to use; the message is already the one compose prints (path included where
 * compose includes it).
 */
export class InterpolationError extends Error {
  constructor(
    readonly kind: 'invalid-format' | 'required',
    message: string,
    /** The variable a `required` failure concerns. */
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'InterpolationError';
  }
}

/** Thrown by the grammar before the caller knows which path it is working on. */
class InvalidTemplate extends Error {}

export function requiredMessage(variable: string, reason: string): string {
  return reason === ''
    ? `required variable ${variable} is missing a value`
    : `required variable ${variable} is missing a value: ${reason}`;
}

/**
 * Substitutes every expression of `text`. `onUnset` is called for each plain reference
 * to an unset variable (arguments are interpolated lazily, so a variable inside an
 * unused default is never reported).
 */
function substitute(text: string, lookup: VariableLookup, onUnset: (name: string) => void): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      result += text.slice(index);
      break;
    }
    result += text.slice(index, dollar);
    const match = scanDollar(text, dollar);
    if (match === undefined) {
      result += '$';
      index = dollar + 1;
      continue;
    }
    result += resolveToken(match.token, lookup, onUnset);
    index = match.end;
  }
  return result;
}

function resolveToken(
  token: DollarToken,
  lookup: VariableLookup,
  onUnset: (name: string) => void,
): string {
  switch (token.kind) {
    case 'escaped':
      return '$';
    case 'invalid':
      throw new InvalidTemplate();
    case 'variable': {
      const value = lookup(token.name);
      if (value === undefined) onUnset(token.name);
      return value ?? '';
    }
    case 'operator': {
      const value = lookup(token.name);
      const argument = (): string => substitute(token.argument, lookup, onUnset);
      const isSet = value !== undefined;
      const isNonEmpty = isSet && value !== '';
      let resolved: string;
      switch (token.operator) {
        case ':-':
          resolved = isNonEmpty ? value : argument();
          break;
        case '-':
          resolved = isSet ? value : argument();
          break;
        case ':+':
          resolved = isNonEmpty ? argument() : (value ?? '');
          break;
        case '+':
          resolved = isSet ? argument() : '';
          break;
        case ':?':
        case '?':
          if (token.operator === ':?' ? !isNonEmpty : !isSet) {
            throw new InterpolationError(
              'required',
              requiredMessage(token.name, argument()),
              token.name,
            );
          }
          resolved = value ?? '';
          break;
      }
      return resolved + substitute(token.rest, lookup, onUnset);
    }
  }
}

export function invalidFormatMessage(path: KeyPath): string {
  return `invalid interpolation format for ${formatKeyPath(path)}. You may need to escape any $ with another $.`;
}

export interface InterpolateStringContext {
  /** Where the string sits in the model; named in the invalid-format message. */
  readonly path: KeyPath;
  /** Called with the name of each unset variable referenced without an operator. */
  readonly warn: (name: string) => void;
}

/** Interpolates one string per rules §4; throws `InterpolationError` on failure. */
export function interpolateString(
  text: string,
  lookup: VariableLookup,
  context: InterpolateStringContext,
): string {
  try {
    return substitute(text, lookup, context.warn);
  } catch (error) {
    if (error instanceof InvalidTemplate) {
      throw new InterpolationError('invalid-format', invalidFormatMessage(context.path));
    }
    throw error;
  }
}

/**
 * Interpolation as env files use it: the same grammar, but an invalid expression is
 * reported the way compose reports it there (`Invalid template: "<value>"`).
 */
export function interpolateEnvValue(
  text: string,
  lookup: VariableLookup,
  warn: (name: string) => void,
): string {
  try {
    return substitute(text, lookup, warn);
  } catch (error) {
    if (error instanceof InvalidTemplate) {
      throw new InterpolationError('invalid-format', `Invalid template: ${JSON.stringify(text)}`);
    }
    throw error;
  }
}
