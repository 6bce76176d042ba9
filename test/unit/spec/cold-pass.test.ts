import { describe, expect, it } from 'vitest';
import { createColdPass, runColdPass, userChoseOptimization } from '../../../src/spec/cold-pass.js';

describe('cold pass: the optimizing compiler is off during a load', () => {
  it('switches it off before the work and back on after it', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), true);
    const result = pass.run(() => {
      calls.push('work');
      return 42;
    });
    expect(result).toBe(42);
    expect(calls).toEqual(['--no-opt', 'work', '--opt']);
  });

  it('switches it back on when the work throws', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), true);
    expect(() =>
      pass.run(() => {
        throw new Error('bad file');
      }),
    ).toThrow('bad file');
    expect(calls).toEqual(['--no-opt', '--opt']);
  });

  it('a nested pass (an extends or include load) switches only once', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), true);
    pass.run(() => pass.run(() => calls.push('inner')));
    expect(calls).toEqual(['--no-opt', 'inner', '--opt']);
    pass.run(() => undefined);
    expect(calls).toEqual(['--no-opt', 'inner', '--opt', '--no-opt', '--opt']);
  });

  it('leaves the flags alone when disabled', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), false);
    expect(pass.run(() => 'done')).toBe('done');
    expect(calls).toEqual([]);
  });

  it('the real pass returns what the work returns and rethrows what it throws', () => {
    expect(runColdPass(() => 'value')).toBe('value');
    expect(() =>
      runColdPass(() => {
        throw new RangeError('x');
      }),
    ).toThrow(RangeError);
    // Optimization still works afterwards (the flag was restored): nothing to assert
    // on V8's state without natives syntax, but a further pass must behave the same.
    expect(runColdPass(() => 1 + 1)).toBe(2);
  });
});

describe('a user choice about optimization is respected', () => {
  it.each([
    [['--no-opt'], undefined],
    [['--jitless'], undefined],
    [['--max-opt=1'], undefined],
    [['--max_opt', '2'], undefined],
    [[], '--no-opt --enable-source-maps'],
    [[], '--enable-source-maps --jitless'],
    [[], '--always-opt'],
  ])('%j with NODE_OPTIONS %j', (execArgv, nodeOptions) => {
    expect(userChoseOptimization(execArgv, nodeOptions)).toBe(true);
  });

  it.each([
    [[], undefined],
    [['--enable-source-maps'], '--max-old-space-size=4096'],
    [['--optimize-for-size'], '--no-opt-something-else'],
  ])('%j with NODE_OPTIONS %j is no choice', (execArgv, nodeOptions) => {
    expect(userChoseOptimization(execArgv, nodeOptions)).toBe(false);
  });
});
