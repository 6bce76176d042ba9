import { describe, expect, it } from 'vitest';
import { collectVariables } from '../../../src/spec/variables.js';

describe('collectVariables', () => {
  it('lists each variable once, sorted, with required / default / alternate values', () => {
    const variables = collectVariables({
      services: {
        web: {
          image: '${REGISTRY:-docker.io}/app:${TAG?tag is required}',
          command: ['$CMD', '${ALT:+--flag}', '${STRICT:?}'],
          environment: { A: '${DEF-x}', B: '$$NOT_A_VAR', C: '${SOFT+on}' },
        },
      },
    });
    expect(variables).toEqual([
      { name: 'ALT', required: false, alternateValue: '--flag' },
      { name: 'CMD', required: false },
      { name: 'DEF', required: false, defaultValue: 'x' },
      { name: 'REGISTRY', required: false, defaultValue: 'docker.io' },
      { name: 'SOFT', required: false, alternateValue: 'on' },
      { name: 'STRICT', required: true },
      { name: 'TAG', required: true },
    ]);
  });

  it('finds variables nested in defaults and after a closing brace', () => {
    const names = collectVariables({ a: '${A:-${B:-${C}}}', b: '${D:-x} and ${E}' }).map(
      (v) => v.name,
    );
    expect(names).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(collectVariables({ a: '${A:-${B}}' })[0]).toEqual({
      name: 'A',
      required: false,
      defaultValue: '${B}',
    });
  });

  it('ignores mapping keys, non-strings, literal $ and invalid forms', () => {
    expect(collectVariables({ labels: { $KEY: 'v' }, n: 5, t: true, s: 'a $ b $1 ${x!}' })).toEqual(
      [],
    );
  });

  it('the last use of a name describes it', () => {
    expect(collectVariables({ a: '${X:-one}', b: ['${X:?}'] })).toEqual([
      { name: 'X', required: true },
    ]);
  });
});
