import { ComposeError } from './diagnostics.js';
import type { VariableLookup } from './interpolate/substitute.js';

/**
 * The `raw` env_file format: `docker run --env-file` semantics. One `KEY=VALUE` per line
 * taken verbatim (no quotes, no escapes, no interpolation, no trailing comments), blank
 * and `#` lines skipped, a bare `KEY` looked up and omitted when unknown.
 */

/** Go's `unicode.IsSpace`, for trimming the start of each line. */
const LEADING_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export function parseRawEnvFile(
  text: string,
  options: {
    readonly file: string;
    readonly lookup: VariableLookup;
    readonly fallback?: VariableLookup;
  },
): Map<string, string> {
  const entries = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '').replace(LEADING_SPACE, '');
    if (line === '' || line.startsWith('#')) return;
    const fail = (message: string): never => {
      throw ComposeError.of({
        code: 'env-file.syntax',
        message,
        file: options.file,
        position: {
          file: options.file,
          line: index + 1,
          column: rawLine.length - rawLine.trimStart().length + 1,
        },
      });
    };
    const equals = line.indexOf('=');
    const key = equals === -1 ? line : line.slice(0, equals);
    if (key === '') fail(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) fail(`variable '${key}' contains whitespaces`);
    if (equals !== -1) {
      entries.set(key, line.slice(equals + 1));
      return;
    }
    const inherited = options.lookup(key) ?? options.fallback?.(key);
    if (inherited !== undefined) entries.set(key, inherited);
  });
  return entries;
}
