import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { parseComposeYaml, resolvePlainScalar } from '../../../src/spec/yaml.js';

function parseOne(text: string) {
  const documents = parseComposeYaml(text, 'compose.yaml');
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

function modelOf(text: string): Record<string, unknown> {
  return parseOne(text).model!;
}

function errorOf(text: string): ComposeError {
  try {
    parseComposeYaml(text, 'compose.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ComposeError);
    return error as ComposeError;
  }
  throw new Error('expected a ComposeError');
}

describe('YAML 1.2 scalars with go-yaml number quirks (§5)', () => {
  it.each([
    ['0440', 288],
    ['0o440', 288],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['-0x10', -16],
    ['+12', 12],
    ['0', 0],
    ['08', 8],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['.5', 0.5],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
  ])('plain %s is the number %s', (text, value) => {
    expect(modelOf(`v: ${text}\n`)['v']).toBe(value);
  });

  it('.nan is NaN', () => {
    expect(Number.isNaN(modelOf('v: .nan\n')['v'])).toBe(true);
  });

  it.each([
    ['"0440"', '0440'],
    ["'0x1F'", '0x1F'],
    ['80:80', '80:80'],
    ['22:22', '22:22'],
    ['yes', 'yes'],
    ['no', 'no'],
    ['on', 'on'],
    ['off', 'off'],
    ['y', 'y'],
    ['2001-12-14', '2001-12-14'],
    ['0x', '0x'],
    ['1.2.3', '1.2.3'],
    ['+', '+'],
    ['-x', '-x'],
    ['!!str 0440', '0440'],
  ])('%s stays the string %s', (text, value) => {
    expect(modelOf(`v: ${text}\n`)['v']).toBe(value);
  });

  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['null', null],
    ['~', null],
    ['', null],
  ])('%s is %s', (text, value) => {
    expect(modelOf(`v: ${text}\n`)['v']).toBe(value);
  });

  it('resolvePlainScalar applies the same rules to bare text', () => {
    expect(resolvePlainScalar('0755')).toBe(493);
    expect(resolvePlainScalar('n')).toBe('n');
  });

  it('the key n stays a string key (no YAML 1.1 booleans)', () => {
    expect(modelOf('n: 1\ny: 2\n')).toEqual({ n: 1, y: 2 });
  });

  it('[] stays an empty array and {} an empty mapping', () => {
    expect(modelOf('a: []\nb: {}\n')).toEqual({ a: [], b: {} });
  });

  it('block scalars keep their text', () => {
    expect(modelOf('a: |\n  x\n  y\n')['a']).toBe('x\ny\n');
  });
});

describe('keys and document shape (§5)', () => {
  it('duplicate keys: line N: mapping key "k" already defined at line M', () => {
    const error = errorOf('services:\n  web:\n    image: a\n    image: b\n');
    expect(error.diagnostics[0]!.message).toBe(
      'line 4: mapping key "image" already defined at line 3',
    );
    expect(error.diagnostics[0]!.position).toEqual({ file: 'compose.yaml', line: 4, column: 5 });
  });

  it('duplicate detection compares the written text, so 1 and "1" clash', () => {
    expect(errorOf('x:\n  1: a\n  "1": b\n').diagnostics[0]!.message).toBe(
      'line 3: mapping key "1" already defined at line 2',
    );
  });

  it('non-string key at top level', () => {
    expect(errorOf('123: x\n').diagnostics[0]!.message).toBe('non-string key at top level: 123');
  });

  it('non-string key inside a nested mapping names its parent', () => {
    const error = errorOf('services:\n  x:\n    environment:\n      1: a\n');
    expect(error.diagnostics[0]!.message).toBe('non-string key in services.x.environment: 1');
    expect(error.diagnostics[0]!.position?.line).toBe(4);
  });

  it.each([
    ['true: x\n', 'non-string key at top level: true'],
    ['~: x\n', 'non-string key at top level: <nil>'],
  ])('%j is rejected', (text, message) => {
    expect(errorOf(text).diagnostics[0]!.message).toBe(message);
  });

  it('quoted numeric keys are fine', () => {
    expect(modelOf('x:\n  \'0\': a\n  "1": b\n')).toEqual({ x: { '0': 'a', '1': 'b' } });
  });

  it.each(['- a\n', 'just text\n', '42\n'])('top level must be a mapping: %j', (text) => {
    expect(errorOf(text).diagnostics[0]!.message).toBe('top-level object must be a mapping');
  });

  it.each(['', '# only a comment\n', '---\n'])('an empty document has no model: %j', (text) => {
    const documents = parseComposeYaml(text, 'compose.yaml');
    expect(documents.map((d) => d.model)).toEqual([undefined]);
  });

  it('multi-document streams give one entry per document, in order', () => {
    const documents = parseComposeYaml('a: 1\n---\nb: 2\n---\n# empty\n', 'f.yml');
    expect(documents.map((d) => [d.index, d.model])).toEqual([
      [0, { a: 1 }],
      [1, { b: 2 }],
      [2, undefined],
    ]);
    expect(documents[1]!.sourceMap.get(['b'])).toEqual({ file: 'f.yml', line: 3, column: 1 });
  });

  it('syntax errors become a ComposeError with file, line and column and no excerpt', () => {
    const error = errorOf('services:\n  web: [\n');
    const diagnostic = error.diagnostics[0]!;
    expect(diagnostic.code).toBe('yaml.syntax');
    expect(diagnostic.position?.file).toBe('compose.yaml');
    expect(diagnostic.position?.line).toBeGreaterThan(0);
    expect(diagnostic.message).not.toContain('\n');
    expect(diagnostic.message).not.toMatch(/at line/);
  });

  it('tabs in indentation are a YAML error', () => {
    const error = errorOf('services:\n\tweb: {}\n');
    expect(error.diagnostics[0]!.position?.line).toBe(2);
  });

  it('a __proto__ key is data, not a prototype change', () => {
    const model = modelOf('__proto__: {polluted: 1}\n');
    expect(Object.keys(model)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(model)).toBe(Object.prototype);
  });
});

describe('source positions', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx',
    '    ports:',
    '      - "80:80"',
    '      - 443',
    '',
  ].join('\n');

  it('a nested key has the line and column of the key', () => {
    const { sourceMap } = parseOne(text);
    expect(sourceMap.get(['services'])).toEqual({ file: 'compose.yaml', line: 1, column: 1 });
    expect(sourceMap.get(['services', 'web', 'image'])).toEqual({
      file: 'compose.yaml',
      line: 3,
      column: 5,
    });
  });

  it('a sequence item has the position of the item', () => {
    const { sourceMap } = parseOne(text);
    expect(sourceMap.get(['services', 'web', 'ports', 0])).toEqual({
      file: 'compose.yaml',
      line: 5,
      column: 9,
    });
    expect(sourceMap.get(['services', 'web', 'ports', 1])).toEqual({
      file: 'compose.yaml',
      line: 6,
      column: 9,
    });
  });

  it('keys brought by a merge key are placed at the alias use', () => {
    const { sourceMap } = parseOne('x-base: &b\n  image: a\nservices:\n  web:\n    <<: *b\n');
    expect(sourceMap.get(['services', 'web', 'image'])).toEqual({
      file: 'compose.yaml',
      line: 5,
      column: 9,
    });
  });
});

describe('anchors, aliases and merge keys', () => {
  it('aliases are expanded into independent plain data', () => {
    const model = modelOf('a: &x {k: [1, 2]}\nb: *x\n');
    expect(model['b']).toEqual({ k: [1, 2] });
    expect(model['b']).not.toBe(model['a']);
  });

  it('local keys win over merged ones, whatever their order', () => {
    const model = modelOf('x: &x {a: 1, b: 1}\ny:\n  b: 2\n  <<: *x\n  c: 3\n');
    expect(model['y']).toEqual({ b: 2, a: 1, c: 3 });
  });

  it('with a sequence of aliases the earlier alias wins', () => {
    const model = modelOf('x: &x {a: x}\nz: &z {a: z, b: z}\ny:\n  <<: [*x, *z]\n');
    expect(model['y']).toEqual({ a: 'x', b: 'z' });
  });

  it('an inline mapping can be merged', () => {
    expect(modelOf('y:\n  <<: {a: 1}\n  b: 2\n')['y']).toEqual({ a: 1, b: 2 });
  });

  it('merging a scalar is an error', () => {
    expect(errorOf('x: &x 1\ny:\n  <<: *x\n').diagnostics[0]!.message).toBe(
      'map merge requires map or sequence of maps as the value',
    );
  });

  it('an alias bomb is stopped with an error instead of exhausting memory', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    const names = 'bcdefghij';
    for (let i = 0; i < names.length; i++) {
      const previous = i === 0 ? 'a' : names[i - 1];
      lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(errorOf(lines.join('\n') + '\n').diagnostics[0]!.message).toBe(
      'document contains excessive aliasing',
    );
  });
});

describe('!reset and !override (§6.4, decoding part)', () => {
  it('!reset records the path and removes the key from the document', () => {
    const doc = parseOne(
      'services:\n  web:\n    image: a\n    ports: !reset []\n    command: !reset\n',
    );
    expect(doc.model).toEqual({ services: { web: { image: 'a' } } });
    expect(doc.resets).toEqual([
      ['services', 'web', 'ports'],
      ['services', 'web', 'command'],
    ]);
    expect(doc.overrides).toEqual([]);
  });

  it('!override records the path and keeps the value (scalars resolved as usual)', () => {
    const doc = parseOne(
      'services:\n  web:\n    ports: !override ["8080:80"]\n    cpu_shares: !override 0440\n',
    );
    expect(doc.model).toEqual({ services: { web: { ports: ['8080:80'], cpu_shares: 288 } } });
    expect(doc.overrides).toEqual([
      ['services', 'web', 'ports'],
      ['services', 'web', 'cpu_shares'],
    ]);
  });

  it('!reset on a single environment key (map form)', () => {
    const doc = parseOne('services:\n  web:\n    environment:\n      A: "1"\n      FOO: !reset\n');
    expect(doc.model).toEqual({ services: { web: { environment: { A: '1' } } } });
    expect(doc.resets).toEqual([['services', 'web', 'environment', 'FOO']]);
  });

  it('!reset on a mapping value and on a sequence item', () => {
    const doc = parseOne('a: !reset {x: 1}\nb: [1, !reset 2, 3]\n');
    expect(doc.model).toEqual({ b: [1, 3] });
    expect(doc.resets).toEqual([['a'], ['b', 1]]);
  });

  it('tags inside merged content are recorded without the << segment', () => {
    const doc = parseOne(
      'x-base: &b\n  volumes: !reset []\nservices:\n  web:\n    <<: *b\n    image: a\n',
    );
    expect(doc.resets).toContainEqual(['services', 'web', 'volumes']);
    expect(doc.resets).toContainEqual(['x-base', 'volumes']);
    expect(doc.model!['services']).toEqual({ web: { image: 'a' } });
  });

  it('a local !reset lets a merged value through (compose-go order)', () => {
    const doc = parseOne('x: &x {a: 1}\ny:\n  <<: *x\n  a: !reset\n');
    expect(doc.model!['y']).toEqual({ a: 1 });
    expect(doc.resets).toEqual([['y', 'a']]);
  });
});

describe('large files', () => {
  it('parses a 1000-service file with anchors and merge keys', { timeout: 20_000 }, () => {
    const lines = ['x-common: &common', '  restart: always', '  labels: {team: core}', 'services:'];
    for (let i = 0; i < 1000; i++) {
      lines.push(
        `  svc${i}:`,
        '    <<: *common',
        `    image: "registry.example.com/app${i}:1.0"`,
        '    ports:',
        `      - "${10000 + i}:80"`,
        '    environment:',
        `      INDEX: "${i}"`,
        '      MODE: production',
        '    volumes:',
        `      - ./data/${i}:/data`,
        '    depends_on: [db]',
      );
    }
    const text = lines.join('\n') + '\n';
    // Speed is measured in bench/ (config -q on 1000 services), not asserted here.
    const [doc] = parseComposeYaml(text, 'big.yaml');
    expect(Object.keys(doc!.model!['services'] as object)).toHaveLength(1000);
    expect(
      (doc!.model!['services'] as Record<string, Record<string, unknown>>)['svc999']!['restart'],
    ).toBe('always');
  });
});
