import { describe, expect, it } from 'vitest';
import { isEditorTemporary, pathBelow, ruleFilter } from '../../../src/watch/ignore.js';
import type { WatchRule } from '../../../src/watch/types.js';

const rule = (overrides: Partial<WatchRule> = {}): WatchRule => ({
  service: 'web',
  index: 0,
  path: '/proj/src',
  action: 'sync',
  target: '/app',
  ignore: [],
  include: [],
  initialSync: false,
  ...overrides,
});

describe('watch ignore rules', () => {
  it.each([
    ['.main.js.swp', true],
    ['main.js.swx', true],
    ['.main.js.swo', true],
    ['4913', true],
    ['main.js~', true],
    ['.#main.js', true],
    ['#main.js#', true],
    ['main.js___jb_tmp___', true],
    ['main.js___jb_old___', true],
    ['.main.js.kate-swp', true],
    ['main.js', false],
    ['swap.sw', false],
    ['49130', false],
    ['#main.js', false],
  ])('editor temporary %s → %s', (name, expected) => {
    expect(isEditorTemporary(`/proj/src/${name}`)).toBe(expected);
  });

  it('pathBelow: relative slash path, undefined outside', () => {
    expect(pathBelow('/a/b', '/a/b')).toBe('');
    expect(pathBelow('/a/b', '/a/b/c/d')).toBe('c/d');
    expect(pathBelow('/a/b', '/a/bc')).toBeUndefined();
    expect(pathBelow('/a/b', '/a')).toBeUndefined();
  });

  it('takes paths under the rule, not editor files, .git or .idea', () => {
    const filter = ruleFilter(rule());
    expect(filter.accepts('/proj/src/index.js')).toBe(true);
    expect(filter.accepts('/proj/src')).toBe(true);
    expect(filter.accepts('/proj/other/index.js')).toBe(false);
    expect(filter.accepts('/proj/src/.index.js.swp')).toBe(false);
    expect(filter.accepts('/proj/src/.git/HEAD')).toBe(false);
    expect(filter.accepts('/proj/src/lib/.git')).toBe(false);
    expect(filter.accepts('/proj/src/.idea/workspace.xml')).toBe(false);
    expect(filter.prunes('/proj/src/.git')).toBe(true);
    expect(filter.prunes('/proj/src/lib')).toBe(false);
  });

  it("the rule's ignore is relative to its path, with dockerignore semantics", () => {
    const filter = ruleFilter(
      rule({ ignore: ['node_modules/', '*.log', '!keep.log', 'build/**/*.map'] }),
    );
    expect(filter.accepts('/proj/src/node_modules/x/index.js')).toBe(false);
    expect(filter.prunes('/proj/src/node_modules')).toBe(true);
    expect(filter.accepts('/proj/src/debug.log')).toBe(false);
    expect(filter.accepts('/proj/src/keep.log')).toBe(true);
    // `*` does not cross `/`: a log one level down is not matched by `*.log`.
    expect(filter.accepts('/proj/src/lib/debug.log')).toBe(true);
    expect(filter.accepts('/proj/src/build/a/b/x.js.map')).toBe(false);
    expect(filter.accepts('/proj/src/build/a/b/x.js')).toBe(true);
  });

  it('the build context .dockerignore is relative to the context, and ! exceptions keep a directory walkable', () => {
    const filter = ruleFilter(rule(), {
      contextDir: '/proj',
      patterns: ['src/generated', 'src/vendor', '!src/vendor/keep.js'],
    });
    expect(filter.accepts('/proj/src/generated/a.js')).toBe(false);
    expect(filter.prunes('/proj/src/generated')).toBe(true);
    expect(filter.accepts('/proj/src/vendor/x.js')).toBe(false);
    expect(filter.accepts('/proj/src/vendor/keep.js')).toBe(true);
    expect(filter.prunes('/proj/src/vendor')).toBe(false);
    expect(filter.accepts('/proj/src/app.js')).toBe(true);
  });

  it('include keeps only matching paths below the rule path', () => {
    const filter = ruleFilter(rule({ include: ['*.js', 'static'] }));
    expect(filter.accepts('/proj/src/a.js')).toBe(true);
    expect(filter.accepts('/proj/src/a.css')).toBe(false);
    expect(filter.accepts('/proj/src/static/a.css')).toBe(true);
    expect(filter.prunes('/proj/src/lib')).toBe(false);
  });

  it('refuses a pattern Docker refuses', () => {
    expect(() => ruleFilter(rule({ ignore: ['!'] }))).toThrow(/illegal exclusion pattern/);
  });
});
