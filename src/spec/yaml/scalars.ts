/**
 * Resolution of plain (unquoted, untagged) YAML scalars the way go-yaml does it
 * when decoding into untyped values. compose-go decodes with go-yaml, so these
 * rules decide what `docker compose` sees: YAML 1.2 booleans and nulls, but
 * Go-style integers (`0440` is octal 288, `0b101`, `0o17`, `0x1F`, `1_000`).
 */

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const SPECIAL_FLOATS = new Map<string, number>([
  ['.inf', Infinity],
  ['.Inf', Infinity],
  ['.INF', Infinity],
  ['+.inf', Infinity],
  ['+.Inf', Infinity],
  ['+.INF', Infinity],
  ['-.inf', -Infinity],
  ['-.Inf', -Infinity],
  ['-.INF', -Infinity],
  ['.nan', NaN],
  ['.NaN', NaN],
  ['.NAN', NaN],
]);

/** First characters of every null, boolean, special float and number spelling above. */
const MAY_BE_SPECIAL = new Uint8Array(128);
for (const char of '~nNtTfF.+-0123456789') MAY_BE_SPECIAL[char.charCodeAt(0)] = 1;

/** go-yaml's float shape; anything else that fails integer parsing stays a string. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go `strconv.ParseInt(s, 0, 64)` syntax: sign, then a base prefix or a leading 0 for octal. */
const GO_INTEGER =
  /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;

/** Only these first characters make go-yaml try a number (its resolve table). */
function mayBeNumber(text: string): boolean {
  const first = text.charAt(0);
  return first === '+' || first === '-' || first === '.' || (first >= '0' && first <= '9');
}

function parseGoInteger(text: string): number | undefined {
  const match = GO_INTEGER.exec(text);
  if (!match) return undefined;
  const [, sign, hex, octal, binary, legacyOctal, decimal] = match;
  let magnitude: bigint;
  if (hex !== undefined) magnitude = BigInt(`0x${hex}`);
  else if (octal !== undefined) magnitude = BigInt(`0o${octal}`);
  else if (binary !== undefined) magnitude = BigInt(`0b${binary}`);
  // `0`, `0440`: Go reads a leading zero as octal (YAML 1.1 habit kept by go-yaml).
  else if (legacyOctal !== undefined)
    magnitude = legacyOctal === '0' ? 0n : BigInt(`0o${legacyOctal.slice(1)}`);
  else magnitude = BigInt(decimal!);
  const value = Number(magnitude);
  return sign === '-' && value !== 0 ? -value : value;
}

/** The value go-yaml gives a plain scalar written as `text`. */
export function resolvePlainScalar(text: string): unknown {
  // Most plain scalars (names, images, paths) start with a letter that no null,
  // boolean or number starts with: they are text without four table lookups.
  if (text !== '' && MAY_BE_SPECIAL[text.charCodeAt(0)] !== 1) return text;
  if (NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return special;
  if (!mayBeNumber(text)) return text;
  // go-yaml drops every underscore before trying the number parsers.
  const digits = text.replaceAll('_', '');
  const integer = parseGoInteger(digits);
  if (integer !== undefined) return integer;
  if (YAML_STYLE_FLOAT.test(digits)) return Number(digits);
  return text;
}
