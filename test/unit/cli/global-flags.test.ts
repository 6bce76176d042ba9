import { describe, expect, it } from 'vitest';
import { moveGlobalFlagsAfterCommand } from '../../../src/cli/global-flags.js';
import { ansiModeFromArgv } from '../../../src/cli/compose-command.js';

describe('global flags written before the command', () => {
  it.each([
    [
      ['-f', 'a.yaml', 'config', '-q'],
      ['config', '-f', 'a.yaml', '-q'],
    ],
    [
      ['-f', 'a.yaml', '-f', 'b.yaml', '-p', 'demo', 'config'],
      ['config', '-f', 'a.yaml', '-f', 'b.yaml', '-p', 'demo'],
    ],
    [
      ['--file=a.yaml', '--dry-run', 'config'],
      ['config', '--file=a.yaml', '--dry-run'],
    ],
    [
      ['--profile', 'dev', '--env-file', '.env.dev', 'config', 'web'],
      ['config', '--profile', 'dev', '--env-file', '.env.dev', 'web'],
    ],
    [
      ['-fa.yaml', 'config'],
      ['config', '-fa.yaml'],
    ],
    [
      [
        '--project-directory',
        '/srv',
        '--ansi',
        'never',
        '--progress',
        'plain',
        '--parallel',
        '2',
        'config',
      ],
      [
        'config',
        '--project-directory',
        '/srv',
        '--ansi',
        'never',
        '--progress',
        'plain',
        '--parallel',
        '2',
      ],
    ],
  ])('%j → %j', (argv, expected) => {
    expect(moveGlobalFlagsAfterCommand(argv)).toEqual(expected);
  });

  it.each([
    [['config', '-f', 'a.yaml']],
    [['--help']],
    [['-f', 'a.yaml']],
    [[]],
    [['config', '--', '-f']],
  ])('leaves %j alone', (argv) => {
    expect(moveGlobalFlagsAfterCommand(argv)).toEqual(argv);
  });
});

describe('ansiModeFromArgv', () => {
  it('reads --ansi, --ansi=, --no-ansi and COMPOSE_ANSI, the last flag winning', () => {
    expect(ansiModeFromArgv(['ps', '--ansi', 'always'], {})).toBe('always');
    expect(ansiModeFromArgv(['ps', '--ansi=never'], { COMPOSE_ANSI: 'always' })).toBe('never');
    expect(ansiModeFromArgv(['ps', '--no-ansi'], {})).toBe('never');
    expect(ansiModeFromArgv(['ps'], { COMPOSE_ANSI: 'always' })).toBe('always');
    expect(ansiModeFromArgv(['ps', '--ansi', 'bogus'], {})).toBe('auto');
  });
});
