import { describe, expect, it } from 'vitest';
import {
  coldPassScope,
  createColdPass,
  runColdPass,
  runOptimized,
  userChoseOptimization,
} from '../../../src/spec/cold-pass.js';

const BOTH = { optimizer: true, youngGeneration: true };
const ENTER = '--no-opt --semi-space-growth-factor=16';
const LEAVE = '--opt --semi-space-growth-factor=2';

describe('cold pass: the optimizing compiler is off during a load', () => {
  it('switches it off before the work and back on after it', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), BOTH);
    const result = pass.run(() => {
      calls.push('work');
      return 42;
    });
    expect(result).toBe(42);
    expect(calls).toEqual([ENTER, 'work', LEAVE]);
  });

  it('switches it back on when the work throws', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), BOTH);
    expect(() =>
      pass.run(() => {
        throw new Error('bad file');
      }),
    ).toThrow('bad file');
    expect(calls).toEqual([ENTER, LEAVE]);
  });

  it('a nested pass (an extends or include load) switches only once', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), BOTH);
    pass.run(() => pass.run(() => calls.push('inner')));
    expect(calls).toEqual([ENTER, 'inner', LEAVE]);
    pass.run(() => undefined);
    expect(calls).toEqual([ENTER, 'inner', LEAVE, ENTER, LEAVE]);
  });

  it('optimized work inside a pass has the optimizing compiler on, and only there', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), BOTH);
    pass.optimized(() => calls.push('outside'));
    pass.run(() => {
      calls.push('cold');
      pass.optimized(() => pass.optimized(() => calls.push('scan')));
      expect(() =>
        pass.optimized(() => {
          throw new Error('bad yaml');
        }),
      ).toThrow('bad yaml');
      calls.push('cold again');
    });
    expect(calls).toEqual([
      'outside',
      ENTER,
      'cold',
      '--opt',
      'scan',
      '--no-opt',
      '--opt',
      '--no-opt',
      'cold again',
      LEAVE,
    ]);
  });

  it('changes only what the process flags leave to it', () => {
    const calls: string[] = [];
    const youngOnly = createColdPass((flags) => calls.push(flags), {
      optimizer: false,
      youngGeneration: true,
    });
    youngOnly.run(() => youngOnly.optimized(() => calls.push('scan')));
    expect(calls).toEqual([
      '--semi-space-growth-factor=16',
      'scan',
      '--semi-space-growth-factor=2',
    ]);
    calls.length = 0;
    const optimizerOnly = createColdPass((flags) => calls.push(flags), {
      optimizer: true,
      youngGeneration: false,
    });
    optimizerOnly.run(() => calls.push('work'));
    expect(calls).toEqual(['--no-opt', 'work', '--opt']);
    calls.length = 0;
    const neither = createColdPass((flags) => calls.push(flags), {
      optimizer: false,
      youngGeneration: false,
    });
    expect(neither.run(() => neither.optimized(() => 'done'))).toBe('done');
    expect(calls).toEqual([]);
  });

  it('leaves the flags alone when disabled', () => {
    const calls: string[] = [];
    const pass = createColdPass((flags) => calls.push(flags), {
      optimizer: false,
      youngGeneration: false,
    });
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
    expect(runOptimized(() => 'scanned')).toBe('scanned');
  });
});

describe('a user choice about optimization is respected', () => {
  it.each([
    [[], undefined, BOTH],
    [['--max-semi-space-size=64'], undefined, { optimizer: true, youngGeneration: false }],
    [[], '--semi_space_growth_factor=4', { optimizer: true, youngGeneration: false }],
    [['--jitless'], '--min-semi-space-size=8', { optimizer: false, youngGeneration: false }],
    [['--no-opt'], undefined, { optimizer: false, youngGeneration: true }],
  ])('%j with NODE_OPTIONS %j leaves the pass %j', (execArgv, nodeOptions, scope) => {
    expect(coldPassScope(execArgv, nodeOptions)).toEqual(scope);
  });

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
