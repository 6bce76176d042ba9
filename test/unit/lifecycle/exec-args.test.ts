import { describe, expect, it } from 'vitest';
import {
  flagSpellings,
  leadingGlobalsAsLong,
  parseLabelAssignments,
  resolveEnvAssignments,
  splitAfterFirstArgument,
} from '../../../src/lifecycle/exec-args.js';
import { runEnvironment } from '../../../src/lifecycle/run-env.js';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { tempProject } from '../../support/temp-project.js';
import { join } from 'node:path';

const spellings = flagSpellings({
  env: { type: 'option', char: 'e' },
  detach: { type: 'boolean', char: 'd' },
  'no-tty': { type: 'boolean', char: 'T' },
  file: { type: 'option', char: 'f' },
  'project-directory': { type: 'option', aliases: ['workdir'] },
});

describe('splitAfterFirstArgument', () => {
  it('stops at the service: the command keeps flags that look like ours', () => {
    expect(splitAfterFirstArgument(['-T', 'web', 'sh', '-c', 'exit 3'], spellings)).toEqual({
      head: ['-T', 'web'],
      tail: ['sh', '-c', 'exit 3'],
    });
    expect(splitAfterFirstArgument(['web', 'env', '-e', 'X'], spellings).tail).toEqual([
      'env',
      '-e',
      'X',
    ]);
  });

  it('skips the values of flags that take one, in every spelling', () => {
    const argv = [
      '-e',
      'A=1',
      '--env',
      'B=2',
      '--env=C=3',
      '-eD=4',
      '--workdir',
      '/x',
      'web',
      'ls',
    ];
    expect(splitAfterFirstArgument(argv, spellings)).toEqual({
      head: argv.slice(0, 9),
      tail: ['ls'],
    });
  });

  it('reads bundled booleans, a value flag last in a bundle takes the next argument', () => {
    expect(splitAfterFirstArgument(['-dT', 'web', 'top'], spellings).tail).toEqual(['top']);
    expect(splitAfterFirstArgument(['-de', 'A=1', 'web', 'top'], spellings).head).toEqual([
      '-de',
      'A=1',
      'web',
    ]);
  });

  it('a service after `--` is still the split point; no service leaves everything to the parser', () => {
    expect(splitAfterFirstArgument(['--', 'web', '-d'], spellings)).toEqual({
      head: ['--', 'web'],
      tail: ['-d'],
    });
    expect(splitAfterFirstArgument(['-d', '--unknown'], spellings)).toEqual({
      head: ['-d', '--unknown'],
      tail: [],
    });
  });
});

describe('environment and labels', () => {
  it('KEY=VAL as given; a bare KEY from the lookup, dropped when unset', () => {
    const lookup = (key: string) => ({ HOME: '/root' })[key];
    expect(resolveEnvAssignments(['A=1', 'B=', 'HOME', 'MISSING'], lookup)).toEqual([
      'A=1',
      'B=',
      'HOME=/root',
    ]);
    expect(() => resolveEnvAssignments(['=x'], lookup)).toThrow(ComposeError);
  });

  it('labels need KEY=VALUE', () => {
    expect(parseLabelAssignments(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
    expect(() => parseLabelAssignments(['nolabel'])).toThrow(/KEY=VALUE/);
  });

  it('--env-from-file only fills what -e did not set', () => {
    const dir = tempProject({ 'a.env': 'A=from-file\nB=${A}-b\nC=c\n' });
    const env = runEnvironment(['A=from-flag'], [join(dir, 'a.env')], () => undefined);
    expect(env).toEqual(['A=from-flag', 'B=from-flag-b', 'C=c']);
  });
});

describe('leadingGlobalsAsLong', () => {
  it('renames only the flags the launcher moved from before the command', () => {
    const original = ['-p', 'demo', 'run', '-p', '8080:80', 'web'];
    const moved = ['-p', 'demo', '-p', '8080:80', 'web'];
    expect(leadingGlobalsAsLong(moved, original, 'run', { '-p': '--project-name' })).toEqual([
      '--project-name',
      'demo',
      '-p',
      '8080:80',
      'web',
    ]);
  });

  it('leaves argv alone when nothing was moved', () => {
    const argv = ['-p', '8080:80', 'web'];
    expect(leadingGlobalsAsLong(argv, ['run', ...argv], 'run', { '-p': '--project-name' })).toEqual(
      argv,
    );
  });
});
