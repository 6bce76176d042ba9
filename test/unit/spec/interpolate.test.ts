import { describe, expect, it } from 'vitest';
import { InterpolationError, interpolateString } from '../../../src/spec/interpolate.js';

// The environment used by most cases: SET has a value, EMPTY is set but empty, UNSET is not set.
const ENV: Record<string, string> = { SET: 'value', EMPTY: '', FOO: 'foo', B: 'bee', C: 'sea' };
const lookup = (name: string): string | undefined =>
  Object.hasOwn(ENV, name) ? ENV[name] : undefined;

function run(
  text: string,
  env: (name: string) => string | undefined = lookup,
): { value: string; unset: string[] } {
  const unset: string[] = [];
  const value = interpolateString(text, env, {
    path: ['services', 'web', 'image'],
    warn: (name) => unset.push(name),
  });
  return { value, unset };
}

function failure(text: string): InterpolationError {
  try {
    run(text);
  } catch (error) {
    if (error instanceof InterpolationError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('interpolateString: operators (every row, with a set, an empty and an unset variable)', () => {
  const rows: Array<[string, string, string, string]> = [
    // form, when SET=value, when EMPTY='', when UNSET
    ['${V}', 'value', '', ''],
    ['$V', 'value', '', ''],
    ['${V:-d}', 'value', 'd', 'd'],
    ['${V-d}', 'value', '', 'd'],
    ['${V:+r}', 'r', '', ''],
    ['${V+r}', 'r', 'r', ''],
  ];
  for (const [form, whenSet, whenEmpty, whenUnset] of rows) {
    it(`${form}`, () => {
      expect(run(form.replace('V', 'SET')).value).toBe(whenSet);
      expect(run(form.replace('V', 'EMPTY')).value).toBe(whenEmpty);
      expect(run(form.replace('V', 'UNSET')).value).toBe(whenUnset);
    });
  }

  it('warns about an unset variable only for plain references', () => {
    expect(run('${UNSET}').unset).toEqual(['UNSET']);
    expect(run('$UNSET').unset).toEqual(['UNSET']);
    expect(run('${UNSET:-d}').unset).toEqual([]);
    expect(run('${UNSET-d}').unset).toEqual([]);
    expect(run('${UNSET:+r}').unset).toEqual([]);
    expect(run('${UNSET+r}').unset).toEqual([]);
    expect(run('${EMPTY}').unset).toEqual([]);
  });

  it('${V:?msg} fails when unset or empty, passes the value otherwise', () => {
    expect(run('${SET:?msg}').value).toBe('value');
    expect(failure('${EMPTY:?msg}').message).toBe(
      'required variable EMPTY is missing a value: msg',
    );
    const unset = failure('${UNSET:?msg}');
    expect(unset.message).toBe('required variable UNSET is missing a value: msg');
    expect(unset.kind).toBe('required');
    expect(unset.variable).toBe('UNSET');
  });

  it('${V?msg} fails only when unset', () => {
    expect(run('${SET?msg}').value).toBe('value');
    expect(run('${EMPTY?msg}').value).toBe('');
    expect(failure('${UNSET?msg}').message).toBe('required variable UNSET is missing a value: msg');
  });

  it('omits ": msg" when the message is empty', () => {
    expect(failure('${UNSET:?}').message).toBe('required variable UNSET is missing a value');
    expect(failure('${UNSET?}').message).toBe('required variable UNSET is missing a value');
  });

  it('interpolates the required message', () => {
    expect(failure('${UNSET:?set it, ${FOO}}').message).toBe(
      'required variable UNSET is missing a value: set it, foo',
    );
  });
});

describe('interpolateString: $$ and names', () => {
  it('$$ is a literal dollar and scanning resumes after it', () => {
    expect(run('$$').value).toBe('$');
    expect(run('$${FOO}').value).toBe('${FOO}');
    expect(run('$$FOO').value).toBe('$FOO');
    expect(run('$$$FOO').value).toBe('$foo');
    expect(run('$$$$').value).toBe('$$');
    expect(run('a$$b').value).toBe('a$b');
  });

  it('$NAME takes the longest name: $FOO-bar is FOO then -bar', () => {
    expect(run('$FOO-bar').value).toBe('foo-bar');
    expect(run('$FOObar').value).toBe('');
    expect(run('$FOObar').unset).toEqual(['FOObar']);
    expect(run('$FOO.bar').value).toBe('foo.bar');
    expect(run('x${FOO}y').value).toBe('xfooy');
  });

  it('names are ASCII letters, digits and underscores, not starting with a digit', () => {
    expect(run('$_FOO1', (name) => (name === '_FOO1' ? 'ok' : undefined)).value).toBe('ok');
    expect(run('$1').value).toBe('$1');
  });

  it('keeps a $ that starts no expression', () => {
    expect(run('a $ b').value).toBe('a $ b');
    expect(run('^re$').value).toBe('^re$');
    expect(run('$}').value).toBe('$}');
    expect(run('$1').value).toBe('$1');
    expect(run('$(cmd)').value).toBe('$(cmd)');
    expect(run('$').value).toBe('$');
    expect(run('100$ and $-x').value).toBe('100$ and $-x');
  });
});

describe('interpolateString: operator choice and nesting', () => {
  it('the operator right after the name wins', () => {
    expect(run('${UNSET-a?b}').value).toBe('a?b');
    expect(failure('${UNSET?a-b}').message).toBe('required variable UNSET is missing a value: a-b');
    expect(run('${UNSET:-a:+b}').value).toBe('a:+b');
    expect(run('${SET+a-b}').value).toBe('a-b');
  });

  it('nested defaults are matched by counting braces', () => {
    expect(run('${UNSET:-${FOO:-x}}').value).toBe('foo');
    expect(run('${UNSET:-${UNSET2:-x}}').value).toBe('x');
    expect(run('${UNSET:-${UNSET2:-${FOO}}}').value).toBe('foo');
    expect(run('${UNSET-${B} ${C}}').value).toBe('bee sea');
  });

  it('JSON in a default keeps its braces', () => {
    expect(run('${UNSET:-{"json":1}}').value).toBe('{"json":1}');
    expect(run('${UNSET:-{"a":{"b":2}}}').value).toBe('{"a":{"b":2}}');
  });

  it('text after the closing brace is interpolated separately', () => {
    expect(run('${UNSET:-a}/${FOO}').value).toBe('a/foo');
    expect(run('${UNSET:-a} ${UNSET2:-b}').value).toBe('a b');
    expect(run('${UNSET-}}').value).toBe('}');
    expect(run('${SET:-x} $$ ${FOO}').value).toBe('value $ foo');
  });

  it('arguments are interpolated lazily', () => {
    const unused = run('${SET:-${NOPE}}');
    expect(unused.value).toBe('value');
    expect(unused.unset).toEqual([]);
    const used = run('${UNSET:-${NOPE}}');
    expect(used.value).toBe('');
    expect(used.unset).toEqual(['NOPE']);
    // A required expression in an unused default does not fail.
    expect(run('${SET:-${NOPE:?boom}}').value).toBe('value');
    expect(run('${UNSET:+${NOPE:?boom}}').value).toBe('');
  });

  it("keeps compose-go's brace counting, which skips the character after each {", () => {
    // compose-go counts `{}` as still open, so the argument runs to the last `}` of the line.
    expect(run('${UNSET:-{}}').value).toBe('{}');
    expect(run('${UNSET:-{}} tail}').value).toBe('{}} tail');
    expect(run('${UNSET:-a{b}c}').value).toBe('a{b}c');
  });

  it('a $$ inside a default is an escaped dollar', () => {
    expect(run('${UNSET:-$$}').value).toBe('$');
    expect(run('${UNSET:-a$$b}').value).toBe('a$b');
  });

  it('a braced expression does not span lines', () => {
    expect(failure('${UNSET:-a\n}').kind).toBe('invalid-format');
    expect(run('${UNSET:-a}\n}').value).toBe('a\n}');
  });
});

describe('interpolateString: invalid forms', () => {
  const invalid = [
    '${',
    '${}',
    '${ x}',
    '${x }',
    '${x!}',
    '${x/a/b}',
    '${1x}',
    '${#V}',
    '${V:x}',
    '${V:}',
    'a ${FOO} ${',
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const error = failure(text);
      expect(error.kind).toBe('invalid-format');
      expect(error.message).toBe(
        'invalid interpolation format for services.web.image. You may need to escape any $ with another $.',
      );
    });
  }

  it('an invalid form inside a used default fails, inside an unused one does not', () => {
    expect(failure('${UNSET:-${}}').kind).toBe('invalid-format');
    expect(run('${SET:-${x!}}').value).toBe('value');
  });
});
