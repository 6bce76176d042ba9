import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../../src/spec/schema/did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('image', 'image')).toBe(0);
    expect(editDistance('imgae', 'image')).toBe(1);
    expect(editDistance('port', 'ports')).toBe(1);
    expect(editDistance('enviroment', 'environment')).toBe(1);
    expect(editDistance('volumez', 'volumes')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const serviceKeys = ['image', 'build', 'ports', 'environment', 'pid', 'ipc'];

  it('suggests the nearest candidate within tolerance, ignoring case', () => {
    expect(closestMatch('imgae', serviceKeys)).toBe('image');
    expect(closestMatch('Image', serviceKeys)).toBe('image');
    expect(closestMatch('enviroment', serviceKeys)).toBe('environment');
  });

  it('suggests nothing for words that are not near any candidate', () => {
    expect(closestMatch('owner', serviceKeys)).toBeUndefined();
    expect(closestMatch('q', ['z', 'Z'])).toBeUndefined();
    expect(closestMatch('foo', serviceKeys)).toBeUndefined();
  });
});
