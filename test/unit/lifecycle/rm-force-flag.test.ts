// `rm -f` is --force after the command, while a `-f FILE` written before it stays the global --file.
import { describe, expect, it } from 'vitest';
import { forceFlags } from '../../../src/commands/rm.js';

const node = ['node', 'tscompose'];

describe('forceFlags', () => {
  it('turns -f after rm into --force', () => {
    expect(forceFlags(['-f', 'web'], [...node, 'rm', '-f', 'web'], 'rm')).toEqual([
      '--force',
      'web',
    ]);
  });

  it('keeps the -f the launcher moved from before the command', () => {
    const original = [...node, '-f', 'a.yaml', 'rm', '-f'];
    expect(forceFlags(['-f', 'a.yaml', '-f'], original, 'rm')).toEqual(['-f', 'a.yaml', '--force']);
  });

  it('leaves everything else alone', () => {
    expect(forceFlags(['-s', '--file', 'x.yaml'], [...node, 'rm'], 'rm')).toEqual([
      '-s',
      '--file',
      'x.yaml',
    ]);
  });
});
