/**
 * The fast path's parser against oclif's own (the oracle): for every command
 * line it accepts, it must return what oclif returns; everything else must be
 * handed to oclif (FallBack), never parsed differently.
 */
import { Args as OclifArgs, Flags as OclifFlags, Parser } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { Args, Flags } from '../../../src/cli/fast/oclif-lite.js';
import { FallBack, parseCommandLine } from '../../../src/cli/fast/parse.js';

type Spec =
  | { kind: 'boolean'; options: Record<string, unknown> }
  | { kind: 'string'; options: Record<string, unknown> }
  | { kind: 'integer'; options: Record<string, unknown> };

const specs: Record<string, Spec> = {
  detach: { kind: 'boolean', options: { char: 'd' } },
  quiet: { kind: 'boolean', options: { char: 'q' } },
  deps: { kind: 'boolean', options: { allowNo: true } },
  file: { kind: 'string', options: { char: 'f', multiple: true, multipleNonGreedy: true } },
  'project-name': { kind: 'string', options: { char: 'p' } },
  workdir: { kind: 'string', options: { aliases: ['project-directory'] } },
  format: { kind: 'string', options: { options: ['table', 'json'], default: 'table' } },
  status: { kind: 'string', options: { multiple: true, options: ['running', 'exited'] } },
  timeout: { kind: 'integer', options: { char: 't', min: 0 } },
  scale: { kind: 'string', options: { multiple: true, multipleNonGreedy: true } },
};

function oclifFlags() {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      spec.kind === 'boolean'
        ? OclifFlags.boolean(spec.options as never)
        : spec.kind === 'integer'
          ? OclifFlags.integer(spec.options as never)
          : OclifFlags.string(spec.options as never),
    ]),
  );
}

function liteFlags() {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, Flags[spec.kind](spec.options)]),
  );
}

const commandLines: string[][] = [
  [],
  ['-d'],
  ['--detach', 'web', 'db'],
  ['web', '-d', '--quiet'],
  ['-f', 'a.yaml', '-f', 'b.yaml', 'web'],
  ['--file=a.yaml', '--file', '-', 'web'],
  ['-p', 'demo', '--project-name=x'],
  ['-p', 'demo'],
  ['--project-directory', '/tmp/x'],
  ['--workdir=/tmp/x'],
  ['--format', 'json'],
  ['--format=yaml'],
  ['--format'],
  ['--status', 'running'],
  ['--status', 'running', 'web'],
  ['-t', '5'],
  ['-t', '-1'],
  ['--timeout=abc'],
  ['--timeout', '07'],
  ['--no-deps'],
  ['--deps', 'web'],
  ['--no-quiet'],
  ['--unknown'],
  ['-x'],
  ['-dq'],
  ['-fa.yaml'],
  ['--', '-d'],
  ['--scale', 'web=3', '--scale', 'db=2', 'web'],
  ['--detach=true'],
  ['-d', '-d'],
  ['--help'],
  ['-h'],
  ['-', 'web'],
];

async function oracle(argv: string[], strict: boolean) {
  try {
    const result = await Parser.parse(argv, {
      flags: oclifFlags(),
      args: { service: OclifArgs.string() },
      strict,
    });
    return { ok: true as const, flags: result.flags, argv: result.argv, args: result.args };
  } catch {
    return { ok: false as const };
  }
}

describe('the fast path parser', () => {
  for (const strict of [false, true]) {
    for (const argv of commandLines) {
      it(`${strict ? 'strict' : 'non-strict'}: ${JSON.stringify(argv)} as oclif, or falls back`, async () => {
        const expected = await oracle(argv, strict);
        let actual: ReturnType<typeof parseCommandLine> | undefined;
        try {
          actual = parseCommandLine(argv, liteFlags(), [{ name: 'service' }], strict);
        } catch (error) {
          expect(error).toBeInstanceOf(FallBack);
        }
        if (actual === undefined) return;
        // Everything oclif refuses must have fallen back.
        expect(expected.ok).toBe(true);
        if (!expected.ok) return;
        expect(actual.flags).toEqual(expected.flags);
        expect(actual.argv).toEqual(expected.argv);
        expect(JSON.parse(JSON.stringify(actual.args))).toEqual(expected.args);
      });
    }
  }

  it('accepts the everyday command lines instead of falling back', () => {
    for (const argv of [
      ['-d'],
      ['--detach', 'web', 'db'],
      ['-f', 'a.yaml', '-f', 'b.yaml', 'web'],
      ['--format', 'json'],
      ['--no-deps'],
      ['--scale', 'web=3', 'web'],
    ]) {
      expect(() => parseCommandLine(argv, liteFlags(), [{ name: 'service' }], false)).not.toThrow();
    }
  });

  it('falls back on what it does not decide itself', () => {
    for (const argv of [['--help'], ['-dq'], ['--', 'x'], ['--status', 'running'], ['-d', '-d']]) {
      expect(() => parseCommandLine(argv, liteFlags(), [{ name: 'service' }], false)).toThrow(
        FallBack,
      );
    }
  });

  it('requires declared required args and refuses extra ones when strict', () => {
    const args = [{ name: 'service', required: true }];
    expect(() => parseCommandLine([], liteFlags(), args, true)).toThrow(FallBack);
    expect(() => parseCommandLine(['a', 'b'], liteFlags(), args, true)).toThrow(FallBack);
    expect(parseCommandLine(['a'], liteFlags(), args, true).args).toEqual({ service: 'a' });
  });

  it('builds flags and args like oclif builders do', () => {
    expect(Flags.integer({ char: 't' })).toMatchObject({
      type: 'option',
      integer: true,
      char: 't',
    });
    expect(Flags.boolean()).toMatchObject({ type: 'boolean' });
    expect(Args.string({ required: true })).toEqual({ required: true });
  });
});
