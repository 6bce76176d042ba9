import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { DocumentDecoder } from '../../../src/spec/yaml/decode.js';
import { DirectOutput } from '../../../src/spec/yaml/direct-output.js';
import { readBlockDocument } from '../../../src/spec/yaml/fast-parse.js';
import { fastParse } from '../../../src/spec/yaml/tree-output.js';
import { parseComposeYaml, parseWithYamlPackage } from '../../../src/spec/yaml/parse.js';
import { lineLocator, SourceMap } from '../../../src/spec/source-map.js';

/** What the fast path gives, or `undefined` when it declines (or its decoder reports an error). */
function fastResult(text: string) {
  const syntax = fastParse(text);
  if (!syntax) return undefined;
  try {
    const decoded = new DocumentDecoder(
      syntax,
      new SourceMap('f.yaml', lineLocator(text)),
    ).decode();
    return {
      value: decoded.value,
      resets: decoded.resets,
      overrides: decoded.overrides,
      positions: decoded.sourceMap.entries(),
    };
  } catch (error) {
    if (error instanceof ComposeError) return undefined;
    throw error;
  }
}

/** What the one-pass path gives (read and decoded at once), or `undefined` when it declines. */
function directResult(text: string) {
  const sourceMap = new SourceMap('f.yaml', lineLocator(text));
  const value = readBlockDocument(text, new DirectOutput(sourceMap));
  if (value === undefined) return undefined;
  return { value, resets: [], overrides: [], positions: sourceMap.entries() };
}

/** Every path the fast reader offers: through the syntax tree, and in one pass. */
const FAST_PATHS = [
  ['tree', fastResult],
  ['direct', directResult],
] as const;

function generalResult(text: string) {
  const [document] = parseWithYamlPackage(text, 'f.yaml');
  return {
    value: document!.model ?? null,
    resets: document!.resets,
    overrides: document!.overrides,
    positions: document!.sourceMap.entries(),
  };
}

/** The fast path must agree with the `yaml` package on every document it accepts. */
function expectSameAsGeneral(text: string): boolean {
  const fast = fastResult(text);
  if (fast === undefined) return false;
  expect(fast).toEqual(generalResult(text));
  return true;
}

const ACCEPTED = [
  'a: 1\nb: "x"\nc: \'y\'\n',
  '---\nservices:\n  web:\n    image: nginx # comment\n',
  '# header\n\nservices:\n\n  web:\n    ports:\n      - "80:80"\n      - 443\n',
  'a:\n- x\n- y\nb: 2\n',
  'l:\n  - name: a\n    v: 1\n  - name: b\n    list:\n    - x\n',
  'x-base: &b\n  image: a\n  labels: {team: core}\nservices:\n  web:\n    <<: *b\n    image: c\n',
  'x: &x {a: 1, b: 1}\nz: &z {a: z, b: z}\ny:\n  <<: [*x, *z]\n  c: 3\n',
  'a: |\n  line 1\n    indented\n\n  line 3\nb: |-\n  q\nc: >\n  x\n  y\n\n  z\nd: >-\n  folded\n',
  'cmd: ["sh", "-c", "echo \\"hi\\" \\u00e9 \\x41"]\n',
  "s: 'it''s'\nt: \"tab\\tnew\\nline\"\n",
  'f: [\n  a, b,\n  # comment\n  c\n]\n'.replace(']\n', '  ]\n'),
  'm: {"a":1, b: [x, {c: d}]}\n',
  'services:\n  web:\n    ports: !reset []\n    command: !reset\n    image: !override nginx\n    env: !override\n      A: 1\n',
  'a: !reset {x: 1}\nb: [1, 2, 3]\nc:\n  - !reset 2\n  - &q 3\n  - *q\n',
  'v: 0440\nw: 0x1F\nx: 1_000\ny: .inf\nz: ~\nn: null\nt: true\nyes: no\n',
  'key with spaces: value with spaces\n"quoted key": 1\n\'single\': 2\nurl: http://example.com/a#b\n',
  'a: -1\nb: -x\nc: a:b\nd: x::y\ne: "a" # c\n',
  'a:\r\n  b: 1\r\n  c: |\r\n    x\r\n    y\r\n',
  'x: &x {a: 1}\ny:\n  <<: *x\n  a: !reset\n',
  '__proto__: {polluted: 1}\n',
  'a: &a [1, 2]\nb: &a [3]\nc: *a\n',
];

const DECLINED_OR_SAME = [
  'a: b: c\n',
  'a:\n  b\n  c\n',
  'a: 1\n  b: 2\n',
  'a:\n    b: 1\n  c: 2\n',
  'a: [1, 2,]\n',
  'a: [\n1]\n',
  'a: "multi\n  line"\n',
  'a: plain\n  continued\n',
  '? complex\n: key\n',
  'a: 1\n---\nb: 2\n',
  'a: 1\n...\n',
  '%YAML 1.2\n---\na: 1\n',
  'a:\n\t- x\n',
  'a: |2\n   x\n',
  'a: |+\n  x\n\n',
  'a: >\n  x\n    more\n  y\n',
  'a: !!str 0440\n',
  'a: !custom x\n',
  '- a\n',
  'just text\n',
  'a: *missing\n',
  'a: &x [*x]\n',
  'a:\n  b: 1\n  b: 2\n',
  '123: x\n',
  'x: &x 1\ny:\n  <<: *x\n',
  'a: {b}\n',
  'a: [b: c]\n',
  'a: "x"y\n',
  'a: @x\n',
  'a: `x\n',
  'a:\n  -\n  - x\n',
  'a: &x\nb: *x\n',
  'a: |\n  no final newline',
  '   a: 1\n',
  'a: 1 #c\n#d\n  b: 2\n',
  '"a" : 1\n',
  'a: [x, y]z\n',
  'a: {x: 1}: 2\n',
  'a: - b\n',
  "a: 'x' y\n",
  '\ufeffa: 1\n',
  'a: "\\q"\n',
  'a: x\n- y\n',
  'a:\n  - x\n  y: 1\n',
  '- - x\n',
  'k: v\n\n\n',
  'a: [1,\n 2]\n',
  'a:\n- b: 1\n  c: 2\n- d\n',
  'deep:\n  - - 1\n',
  // Found by the mutation test: an anchored alias, and an anchor redefined inside its own node.
  'a: &q 1\nb:\n  - &a *q\n',
  'x-base: &b\n  image: &b a\nservices:\n  web:\n    <<: *b\n',
  'x-base: &b\n  image: &c a\nservices:\n  web:\n    <<: *b\n',
];

/** No anchors, aliases, tags or merge keys: what the one-pass path must accept. */
const PLAIN = (text: string): boolean => !/[&*!]|<</.test(text.replace(/"[^"\n]*"|'[^'\n]*'/g, ''));

describe('fast YAML path agrees with the yaml package', () => {
  it.each(ACCEPTED)('accepts and matches %j', (text) => {
    expect(expectSameAsGeneral(text)).toBe(true);
    const direct = directResult(text);
    if (PLAIN(text)) expect(direct).toBeDefined();
    if (direct !== undefined) expect(direct).toEqual(generalResult(text));
  });

  it.each(DECLINED_OR_SAME)('declines or matches %j', (text) => {
    let general: unknown;
    try {
      general = generalResult(text);
    } catch (error) {
      // The general path reports an error: no fast path may accept the document.
      expect(error).toBeInstanceOf(ComposeError);
      for (const [, result] of FAST_PATHS) expect(result(text)).toBeUndefined();
      return;
    }
    for (const [, result] of FAST_PATHS) {
      const fast = result(text);
      if (fast !== undefined) expect(fast).toEqual(general);
    }
  });

  it('the one-pass path declines anchors, aliases, tags, merge keys and key clashes', () => {
    for (const text of [
      'a: &x 1\n',
      'a: 1\nb: *a\n',
      'a: !reset 1\n',
      'a:\n  <<: {b: 1}\n',
      'a: {<<: {b: 1}}\n',
      'a: [*x]\n',
      'a: 1\na: 2\n',
      'a: 1\n"a": 2\n',
      'a: {b: 1, b: 2}\n',
      '1: x\n',
      'a: {true: 1}\n',
    ])
      expect(directResult(text), JSON.stringify(text)).toBeUndefined();
    // Quoted, `<<` is just a key.
    expect(directResult('"<<": 1\n')?.value).toEqual({ '<<': 1 });
  });

  it('parseComposeYaml still reports errors as the yaml package words them', () => {
    expect(() => parseComposeYaml('a: 1\na: 2\n', 'f.yaml')).toThrow(
      /mapping key "a" already defined at line 1/,
    );
  });

  const corpusFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return corpusFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
  const corpus = (() => {
    try {
      return corpusFiles('/work/shared/corpus');
    } catch {
      return [];
    }
  })();

  it.skipIf(corpus.length === 0)('every corpus file: declined or identical', () => {
    let accepted = 0;
    let directAccepted = 0;
    for (const file of corpus) {
      const text = readFileSync(file, 'utf8');
      let general: unknown;
      try {
        general = generalResult(text);
      } catch {
        expect(fastResult(text), file).toBeUndefined();
        expect(directResult(text), file).toBeUndefined();
        continue;
      }
      const fast = fastResult(text);
      const direct = directResult(text);
      if (direct !== undefined) {
        directAccepted++;
        expect(direct, file).toEqual(general);
      }
      if (fast === undefined) continue;
      accepted++;
      expect(fast, file).toEqual(general);
    }
    expect(accepted).toBeGreaterThan(corpus.length / 2);
    expect(directAccepted).toBeGreaterThan(corpus.length / 3);
  });
});

describe('fast YAML path on mutated documents (seeded)', () => {
  it('every accepted mutant decodes exactly as the yaml package decodes it', () => {
    const pieces = [
      ' ',
      '  ',
      ':',
      ': ',
      '- ',
      '#',
      ' #',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      ',',
      '\n',
      '\n  ',
      '&a ',
      '*a',
      '!reset ',
      '|',
      '>',
      '<<: ',
      'x',
      '0',
      '---\n',
    ];
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    let directAccepted = 0;
    for (let run = 0; run < 4000; run++) {
      let text = ACCEPTED[random(ACCEPTED.length)]!;
      for (let edit = 0; edit < 1 + random(3); edit++) {
        const at = random(text.length + 1);
        const kind = random(3);
        if (kind === 0) text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + random(3));
        else {
          const lines = text.split('\n');
          lines.splice(random(lines.length), 0, lines[random(lines.length)]!);
          text = lines.join('\n');
        }
      }
      const fast = fastResult(text);
      const direct = directResult(text);
      if (fast === undefined && direct === undefined) continue;
      let general: unknown;
      try {
        general = generalResult(text);
      } catch (error) {
        general = error;
      }
      if (fast !== undefined) {
        accepted++;
        expect(fast, JSON.stringify(text)).toEqual(general);
      }
      if (direct !== undefined) {
        directAccepted++;
        expect(direct, JSON.stringify(text)).toEqual(general);
      }
    }
    expect(accepted).toBeGreaterThan(500);
    expect(directAccepted).toBeGreaterThan(300);
  });
});
