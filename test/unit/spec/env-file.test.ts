import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComposeError, type Diagnostic } from '../../../src/spec/diagnostics.js';
import { parseEnvFile, readEnvFile } from '../../../src/spec/env-file.js';

function parse(
  text: string,
  env: Record<string, string> = {},
  format?: string,
): Record<string, string> {
  const entries = parseEnvFile(text, {
    file: '/p/.env',
    lookup: (name) => (Object.hasOwn(env, name) ? env[name] : undefined),
    ...(format !== undefined ? { format } : {}),
  });
  return Object.fromEntries(entries);
}

function failure(text: string, format?: string): Diagnostic {
  try {
    parse(text, {}, format);
  } catch (error) {
    if (error instanceof ComposeError) return error.diagnostics[0]!;
    throw error;
  }
  throw new Error('expected a ComposeError');
}

describe('parseEnvFile: lines and keys', () => {
  it('ignores a BOM, blank lines, leading whitespace and comment lines', () => {
    expect(parse('\uFEFFA=1\n\n   B=2\n# C=3\n   # D=4\n\t\nE=5')).toEqual({
      A: '1',
      B: '2',
      E: '5',
    });
  });

  it('keeps entries in file order; a repeated key keeps its last value', () => {
    const entries = parseEnvFile('B=1\nA=2\nB=3\n', { file: 'f', lookup: () => undefined });
    expect([...entries]).toEqual([
      ['B', '3'],
      ['A', '2'],
    ]);
  });

  it('drops an `export ` prefix, but exportFOO is a key', () => {
    expect(parse('export A=1\nexport\tB=2\nexportFOO=1')).toEqual({
      A: '1',
      B: '2',
      exportFOO: '1',
    });
  });

  it('accepts KEY: value and whitespace around the separator', () => {
    expect(parse('A: 1\nB = 2\nC\t=\t3')).toEqual({ A: '1', B: '2', C: '3' });
  });

  it('accepts letters, digits, _ . - [ ] in keys', () => {
    expect(parse('a.b-c_d[0]=1\nÉTÉ=2\n1X=3')).toEqual({ 'a.b-c_d[0]': '1', ÉTÉ: '2', '1X': '3' });
  });

  it('rejects any other character in a key, with line and column', () => {
    const error = failure('A=1\nB=2\nFO!O=bar\n');
    expect(error.message).toBe('unexpected character "!" in variable name "FO!O=bar"');
    expect(error.file).toBe('/p/.env');
    expect(error.position).toEqual({ file: '/p/.env', line: 3, column: 3 });
    expect(failure('\n\n  $X=1').position).toMatchObject({ line: 3, column: 3 });
    expect(failure('A B=1').message).toBe('key cannot contain a space');
    expect(failure('A=1\nA B=1').position).toMatchObject({ line: 2, column: 1 });
  });

  it('a bare KEY takes its value from the lookup, or is omitted', () => {
    expect(parse('KNOWN\nUNKNOWN\nLAST', { KNOWN: 'k', LAST: 'l' })).toEqual({
      KNOWN: 'k',
      LAST: 'l',
    });
    expect(parse('EMPTY\n', { EMPTY: '' })).toEqual({ EMPTY: '' });
  });

  it('KEY= is the empty string', () => {
    expect(parse('A=\nB=  \nC=')).toEqual({ A: '', B: '', C: '' });
  });
});

describe('parseEnvFile: unquoted values', () => {
  it('runs to the end of line; only " #" starts a comment', () => {
    expect(parse('V=a#b')).toEqual({ V: 'a#b' });
    expect(parse('V=a #b')).toEqual({ V: 'a' });
    expect(parse('V=a\t#b')).toEqual({ V: 'a\t#b' });
    expect(parse('V=#b')).toEqual({ V: '#b' });
  });

  it('trims trailing whitespace and CR, keeps inner spaces and backslashes', () => {
    expect(parse('V=a b  \r\nW=c\\nd\\\\')).toEqual({ V: 'a b', W: 'c\\nd\\\\' });
  });

  it('interpolates ${...}, looking up first, then earlier entries', () => {
    expect(parse('A=1\nB=${A}\nC=$A-x\nD=${NOPE:-dflt}\nE=$$A', { X: 'x' })).toEqual({
      A: '1',
      B: '1',
      C: '1-x',
      D: 'dflt',
      E: '$A',
    });
    expect(parse('A=1\nB=${A}', { A: '5' })).toEqual({ A: '1', B: '5' });
  });

  it('reports unset variables through warn', () => {
    const unset: string[] = [];
    parseEnvFile('A=${NOPE}', {
      file: 'f',
      lookup: () => undefined,
      warn: (name) => unset.push(name),
    });
    expect(unset).toEqual(['NOPE']);
  });

  it('interpolation errors carry the file and line', () => {
    const required = failure('A=1\nB=${NEED:?please}');
    expect(required.message).toBe('required variable NEED is missing a value: please');
    expect(required.position).toMatchObject({ line: 2, column: 3 });
    expect(failure('A=${x!}').message).toBe('Invalid template: "${x!}"');
  });
});

describe('parseEnvFile: double quotes', () => {
  it('decodes escapes and interpolates', () => {
    expect(parse('V="a\\nb\\tc\\\\d\\"e"')).toEqual({ V: 'a\nb\tc\\d"e' });
    expect(parse('V="\\a\\b\\f\\r\\v"')).toEqual({ V: '\x07\b\f\r\v' });
    expect(parse('V="${X}-$X"', { X: 'x' })).toEqual({ V: 'x-x' });
  });

  it('\\$ gives a literal dollar', () => {
    expect(parse('V="\\$X"', { X: 'x' })).toEqual({ V: '$X' });
    expect(parse('V="\\${X}"', { X: 'x' })).toEqual({ V: '${X}' });
  });

  it('decodes octal \\0NNN and keeps other sequences verbatim', () => {
    expect(parse('V="\\0123"')).toEqual({ V: 'S' });
    expect(parse('V="\\01"')).toEqual({ V: '\\01' });
    expect(parse('V="\\0"')).toEqual({ V: '\\0' });
    expect(parse('V="\\0777"')).toEqual({ V: '\\0777' });
    expect(parse('V="\\x07\\u0041\\c\\q"')).toEqual({ V: '\\x07\\u0041\\c\\q' });
  });

  it('spans lines', () => {
    expect(parse('V="line1\nline2"\nW=after')).toEqual({ V: 'line1\nline2', W: 'after' });
  });

  it('ignores a comment after the closing quote', () => {
    expect(parse('V="x" # c\nW=2')).toEqual({ V: 'x', W: '2' });
    expect(parse('V="a #b"')).toEqual({ V: 'a #b' });
  });

  it('parsing resumes right after the closing quote, as in compose-go', () => {
    // Text after the quote that is not a ` #` comment starts the next statement.
    expect(parse('V="x"W=2')).toEqual({ V: 'x', W: '2' });
    expect(parse('V="x" BARE', { BARE: 'b' })).toEqual({ V: 'x', BARE: 'b' });
  });

  it('an unterminated quote is an error at the opening quote', () => {
    const error = failure('A=1\nV="abc\nW=2\n');
    expect(error.message).toBe('unterminated quoted value "abc');
    expect(error.position).toMatchObject({ line: 2, column: 3 });
  });
});

describe('parseEnvFile: single quotes', () => {
  it('are literal, without interpolation or escapes', () => {
    expect(parse("V='${X} \\n $X'", { X: 'x' })).toEqual({ V: '${X} \\n $X' });
  });

  it("\\' yields a quote", () => {
    expect(parse("V='it\\'s'")).toEqual({ V: "it's" });
  });

  it('span lines', () => {
    expect(parse("V='a\nb'\nW=1")).toEqual({ V: 'a\nb', W: '1' });
  });

  it('unterminated is an error', () => {
    expect(failure("V='abc").message).toBe("unterminated quoted value 'abc");
  });
});

describe('parseEnvFile: raw format', () => {
  it('takes values verbatim', () => {
    expect(
      parse(
        'A="quoted" # not a comment\nB=${X}\n  C=x \\n\n# comment\n\nD',
        { X: 'x', D: 'd' },
        'raw',
      ),
    ).toEqual({
      A: '"quoted" # not a comment',
      B: '${X}',
      C: 'x \\n',
      D: 'd',
    });
  });

  it('rejects whitespace in keys and missing names', () => {
    expect(failure('A B=1', 'raw').message).toBe("variable 'A B' contains whitespaces");
    expect(failure('X=1\n=1', 'raw')).toMatchObject({
      message: "no variable name on line '=1'",
      position: { line: 2 },
    });
  });

  it('rejects an unknown format', () => {
    expect(failure('A=1', 'yaml').message).toBe('unsupported env_file format "yaml"');
  });
});

describe('readEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tscompose-envfile-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and parses a file, naming it in diagnostics', () => {
    const path = join(dir, 'app.env');
    writeFileSync(path, '\uFEFFA=1\nB!=2\n');
    try {
      readEnvFile(path, { lookup: () => undefined });
      expect.unreachable();
    } catch (error) {
      expect((error as ComposeError).diagnostics[0]).toMatchObject({
        file: path,
        position: { file: path, line: 2 },
      });
    }
    writeFileSync(path, 'A=1\n');
    expect(Object.fromEntries(readEnvFile(path, { lookup: () => undefined }))).toEqual({ A: '1' });
  });

  it('a missing file or a directory is a ComposeError naming it', () => {
    const missing = join(dir, 'nope.env');
    expect(() => readEnvFile(missing, { lookup: () => undefined })).toThrow(
      `couldn't find env file: ${missing}`,
    );
    mkdirSync(join(dir, 'sub'));
    expect(() => readEnvFile(join(dir, 'sub'), { lookup: () => undefined })).toThrow(ComposeError);
  });
});
