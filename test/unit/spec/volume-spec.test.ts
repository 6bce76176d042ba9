import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitVolumeSpec } from '../../../src/spec/merge/indexers.js';
import { cleanContainerPath, parseShortVolume } from '../../../src/spec/normalize/volumes.js';
import { splitPlainSpec } from '../../../src/spec/volume-spec.js';

// The plain split and the clean-path shortcut are fast paths: they must answer
// exactly as the general code does, and step aside whenever a rule could apply.

describe('splitPlainSpec: a plain split only where no special rule applies', () => {
  it.each([
    ['data:/data', ['data', '/data']],
    ['./conf:/etc/app:ro', ['./conf', '/etc/app', 'ro']],
    ['/data', ['/data']],
    ['ab:', ['ab', '']],
    ['ab::c', ['ab', '', 'c']],
  ])('%s', (spec, fields) => {
    expect(splitPlainSpec(spec)).toEqual(fields);
  });

  it.each([
    'C:\\data:/data', // drive letter
    'c:/x:/y',
    'x:/data', // one-letter volume name: the general rules decide
    '${SRC:-/a:b}:/data', // substitution with a colon in its default
    '$X:/data',
    '\u{1d400}:/data', // one astral letter (two UTF-16 units)
  ])('declines %s', (spec) => {
    expect(splitPlainSpec(spec)).toBeUndefined();
  });

  it('the indexers split agrees with the general rules on both kinds', () => {
    expect(splitVolumeSpec('data:/data:ro')).toEqual(['data', '/data', 'ro']);
    expect(splitVolumeSpec('C:\\data:/data')).toEqual(['C:\\data', '/data']);
    expect(splitVolumeSpec('${A:-x:y}:/data')).toEqual(['${A:-x:y}', '/data']);
    expect(splitVolumeSpec('x:y')).toEqual(['x', 'y']);
  });

  it('short volumes parse the same through either path', () => {
    expect(parseShortVolume('./conf:/etc/app:ro')).toEqual({
      type: 'bind',
      source: './conf',
      target: '/etc/app',
      read_only: true,
      bind: { create_host_path: true },
    });
    expect(parseShortVolume('C:\\conf:/etc/app')).toMatchObject({
      source: 'C:\\conf',
      target: '/etc/app',
    });
    expect(parseShortVolume('${SRC:-./a:b}:/data')).toMatchObject({
      source: '${SRC:-./a:b}',
      target: '/data',
    });
  });
});

describe('cleanContainerPath: the shortcut for clean paths', () => {
  const general = (target: string): string => {
    const cleaned = posix.normalize(target);
    return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
  };

  it.each([
    '/data',
    '/etc/app',
    '/',
    '/a//b',
    '/a/./b',
    '/a/../b',
    '/a/b/',
    '/.hidden/x',
    '/x/..',
    'relative/path',
    './x',
    '//double',
    '/a b/c-d_e.f',
  ])('%s', (target) => {
    expect(cleanContainerPath(target)).toBe(general(target));
  });

  it('an empty target stays empty', () => {
    expect(cleanContainerPath('')).toBe('');
  });
});
