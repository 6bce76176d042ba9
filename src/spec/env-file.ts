import { readFileSync, statSync } from 'node:fs';
import { ComposeError } from './diagnostics.js';
import {
  InterpolationError,
  interpolateEnvValue,
  type VariableLookup,
} from './interpolate/substitute.js';
import { parseRawEnvFile } from './env-file-raw.js';

/**
 * Parser of `.env` / `env_file` files (rules §3), the default format as compose-go reads
 * it, plus docker's `raw` format. Entries come back in file order; a key set twice keeps
 * its first position and its last value.
 */

export interface ParseEnvFileOptions {
  /** Named in diagnostics. */
  readonly file: string;
  /** Consulted first, for `${X}` inside values and for bare `KEY` lines. */
  readonly lookup: VariableLookup;
  /** `default` (also `''` or `.env`) or `raw`; anything else is an error. */
  readonly format?: 'default' | 'raw' | (string & {});
  /**
   * Consulted last for `${X}` and bare keys (after `lookup` and this file's earlier
   * entries): typically entries of env files read before this one.
   */
  readonly fallback?: VariableLookup;
  /** Called with each unset variable referenced in a value. */
  readonly warn?: (name: string) => void;
}

/** Go's `unicode.IsSpace`. */
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
/** compose-go's `isSpace`: whitespace that is not a line break. */
const INLINE_SPACE = /[\t\v\f\r \u0085\u00a0]/;
const EXPORT_PREFIX = /export[\t\n\f\r ]+/y;
const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
/** Escapes compose decodes in double quotes; other backslashes stay as written. */
const ESCAPE_SEQUENCE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

function trimEndSpace(text: string): string {
  let end = text.length;
  while (end > 0 && UNICODE_SPACE.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function decodeEscapes(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, (sequence) => {
    // `\$` becomes `$$` so that the interpolation pass that follows yields a literal `$`.
    if (sequence === '\\$') return '$$';
    const simple = SIMPLE_ESCAPES[sequence.slice(1)];
    if (simple !== undefined) return simple;
    // `\0NNN`: exactly three octal digits, at most 0377; anything else stays verbatim.
    const digits = sequence.slice(2);
    if (/^[0-7]{3}$/.test(digits)) {
      const code = parseInt(digits, 8);
      if (code <= 0o377) return String.fromCharCode(code);
    }
    return sequence;
  });
}

class DefaultFormatParser {
  private readonly entries = new Map<string, string>();
  private readonly lineStarts: number[] = [0];
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly options: ParseEnvFileOptions,
  ) {
    for (let index = 0; index < text.length; index++)
      if (text[index] === '\n') this.lineStarts.push(index + 1);
    if (text.startsWith('\uFEFF')) this.pos = 1;
  }

  parse(): Map<string, string> {
    while (this.skipToStatement()) this.parseStatement();
    return this.entries;
  }

  /** Skips blank space and comment lines; false at end of input. */
  private skipToStatement(): boolean {
    const { text } = this;
    for (;;) {
      while (this.pos < text.length && UNICODE_SPACE.test(text[this.pos]!)) this.pos++;
      if (this.pos >= text.length) return false;
      if (text[this.pos] !== '#') return true;
      const newline = text.indexOf('\n', this.pos);
      if (newline === -1) return false;
      this.pos = newline;
    }
  }

  private parseStatement(): void {
    const { text } = this;
    EXPORT_PREFIX.lastIndex = this.pos;
    if (EXPORT_PREFIX.test(text)) {
      this.pos += 'export'.length;
      while (this.pos < text.length && INLINE_SPACE.test(text[this.pos]!)) this.pos++;
    }
    const keyStart = this.pos;
    let separator = this.pos;
    while (separator < text.length) {
      const char = String.fromCodePoint(text.codePointAt(separator)!);
      if (char === '=' || char === ':' || char === '\n') break;
      if (!INLINE_SPACE.test(char) && !KEY_CHAR.test(char)) {
        const line = text.slice(keyStart).split('\n')[0]!;
        this.fail(
          separator,
          `unexpected character ${JSON.stringify(char)} in variable name ${JSON.stringify(line)}`,
        );
      }
      separator += char.length;
    }
    const key = trimEndSpace(text.slice(keyStart, separator));
    if (key.includes(' ')) this.fail(keyStart, 'key cannot contain a space');

    // A key alone on its line (or at the end of the file) inherits its value, if any.
    if (separator >= text.length || text[separator] === '\n') {
      this.pos = separator + 1;
      if (key === '') return;
      const inherited =
        this.options.lookup(key) ?? this.entries.get(key) ?? this.options.fallback?.(key);
      if (inherited !== undefined) this.entries.set(key, inherited);
      return;
    }

    this.pos = separator + 1;
    while (this.pos < text.length && INLINE_SPACE.test(text[this.pos]!)) this.pos++;
    const quote = text[this.pos];
    const value = quote === '"' || quote === "'" ? this.readQuoted(quote) : this.readUnquoted();
    this.entries.set(key, value);
  }

  private readUnquoted(): string {
    const { text } = this;
    const start = this.pos;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    this.pos = end + 1;
    let value = text.slice(start, end);
    // Only ` #` starts a comment, so `V=a#b` keeps `a#b`.
    const comment = value.indexOf(' #');
    if (comment !== -1) value = value.slice(0, comment);
    return this.interpolate(trimEndSpace(value), start);
  }

  /** Reads a quoted value, which may span lines; parsing resumes right after the closing quote. */
  private readQuoted(quote: string): string {
    const { text } = this;
    const start = this.pos;
    let value = '';
    let escaped = false;
    for (let index = start + 1; index < text.length; index++) {
      const char = text[index]!;
      if (char === quote) {
        if (escaped) {
          // `\"` or `\'`: the quote is kept, the backslash dropped.
          escaped = false;
          value += char;
          continue;
        }
        this.pos = index + 1;
        return quote === '"' ? this.interpolate(decodeEscapes(value), start) : value;
      }
      if (!escaped && char === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) {
        escaped = false;
        value += '\\';
      }
      value += char;
    }
    const newline = text.indexOf('\n', start);
    return this.fail(
      start,
      `unterminated quoted value ${text.slice(start, newline === -1 ? text.length : newline)}`,
    );
  }

  private interpolate(value: string, offset: number): string {
    const lookup: VariableLookup = (name) =>
      this.options.lookup(name) ?? this.entries.get(name) ?? this.options.fallback?.(name);
    try {
      return interpolateEnvValue(value, lookup, this.options.warn ?? (() => {}));
    } catch (error) {
      if (error instanceof InterpolationError) this.fail(offset, error.message);
      throw error;
    }
  }

  private fail(offset: number, message: string): never {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1]! <= offset) line++;
    const position = {
      file: this.options.file,
      line: line + 1,
      column: offset - this.lineStarts[line]! + 1,
    };
    throw ComposeError.of({ code: 'env-file.syntax', message, file: this.options.file, position });
  }
}

/** Parses the text of an env file. Errors are `ComposeError`s with file and position. */
export function parseEnvFile(text: string, options: ParseEnvFileOptions): Map<string, string> {
  const format = options.format ?? 'default';
  if (format === 'raw') return parseRawEnvFile(text, options);
  if (format === 'default' || format === '' || format === '.env') {
    return new DefaultFormatParser(text, options).parse();
  }
  throw ComposeError.of({
    code: 'env-file.format',
    message: `unsupported env_file format ${JSON.stringify(format)}`,
    file: options.file,
  });
}

/** Reads and parses an env file; a missing file or a directory is a `ComposeError` naming it. */
export function readEnvFile(
  path: string,
  options: Omit<ParseEnvFileOptions, 'file'>,
): Map<string, string> {
  let text: string;
  try {
    if (statSync(path).isDirectory()) {
      throw ComposeError.of({
        code: 'env-file.is-directory',
        message: `${path} is a directory`,
        file: path,
      });
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ComposeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `couldn't find env file: ${path}`
        : `couldn't read env file ${path}: ${(error as Error).message}`;
    throw ComposeError.of({ code: 'file.env-file-missing', message, file: path });
  }
  return parseEnvFile(text, { ...options, file: path });
}
