/**
 * Both ways of running host tools (commands.ts): spawning directly and
 * through the engine's long-lived shell. They must be indistinguishable to
 * callers, whatever the arguments contain. Uses /bin/sh, printf, cat and pwd.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CommandFailed,
  runCommand,
  runDirect,
  useCommandRunner,
  type RunCommand,
} from '../../../src/builtin-engine/host/commands.js';
import {
  parseCompletion,
  requestLine,
  shellQuote,
  ShellSpawner,
} from '../../../src/builtin-engine/host/shell-spawner.js';

let dir: string;
let spawner: ShellSpawner;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsc-commands-'));
  spawner = await ShellSpawner.start(join(dir, 'spawn'));
});

afterAll(async () => {
  await spawner.close();
  await rm(dir, { recursive: true, force: true });
});

const awkward = [
  'plain',
  'two words',
  "it's",
  "''",
  '"double"',
  '$HOME `id` $(id)',
  'back\\slash',
  'line\nbreak',
  '*',
  '',
  '-n',
  ';& | > <',
  'ünïcödé',
];

describe.each([
  ['directly', () => runDirect],
  ['through the shell', () => spawner.run],
] as const)('running a command %s', (_how, runner: () => RunCommand) => {
  it('passes every argument through unchanged', async () => {
    const { stdout } = await runner()('printf', ['%s\\0', ...awkward]);
    expect(stdout.split('\0').slice(0, -1)).toEqual(awkward);
  });

  it('keeps stdout and stderr apart', async () => {
    const result = await runner()('sh', ['-c', 'echo out; echo err >&2']);
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('fails with the exit status, stdout and stderr of a command that exits non-zero', async () => {
    const failure = await runner()('sh', ['-c', 'echo partial; echo "no such thing" >&2; exit 3'])
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandFailed);
    expect(failure).toMatchObject({ exitCode: 3, stdout: 'partial\n', stderr: 'no such thing\n' });
    expect((failure as Error).message).toContain('no such thing');
  });

  it('reports a signal as 128 + its number', async () => {
    await expect(runner()('sh', ['-c', 'kill -9 $$'])).rejects.toMatchObject({ exitCode: 137 });
  });

  it('fails for a command that does not exist', async () => {
    await expect(runner()('/nonexistent/tool', [])).rejects.toBeInstanceOf(CommandFailed);
  });

  it('feeds the input on stdin, and nothing when there is none', async () => {
    expect((await runner()('cat', [], { input: 'line 1\nline 2\n' })).stdout).toBe(
      'line 1\nline 2\n',
    );
    expect((await runner()('cat', [])).stdout).toBe('');
  });

  it('runs in the given working directory', async () => {
    expect((await runner()('pwd', [], { cwd: dir })).stdout.trim()).toBe(dir);
    await expect(runner()('pwd', [], { cwd: join(dir, 'missing') })).rejects.toBeInstanceOf(
      CommandFailed,
    );
  });

  it('runs a script with its arguments as $1..., whose exit does not lose the result', async () => {
    expect((await runner()('echo "$1-$2"', ['a b', "c'd"], { script: true })).stdout).toBe(
      "a b-c'd\n",
    );
    await expect(
      runner()('echo early; exit 4; echo never', [], { script: true }),
    ).rejects.toMatchObject({ exitCode: 4, stdout: 'early\n' });
    expect((await runner()('echo done', [], { script: true })).stdout).toBe('done\n');
  });

  it('gives commands PATH and nothing else of this process’s environment', async () => {
    process.env.TSCOMPOSE_TEST_LEAK = 'leaked';
    try {
      const { stdout } = await runner()('env', []);
      expect(stdout).not.toContain('TSCOMPOSE_TEST_LEAK');
      expect(stdout).toContain(`PATH=${process.env.PATH}`);
    } finally {
      delete process.env.TSCOMPOSE_TEST_LEAK;
    }
  });

  it('gives each of many concurrent commands its own output', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => runner()('printf', ['%s', `result ${index}`])),
    );
    expect(results.map((result) => result.stdout)).toEqual(
      Array.from({ length: 40 }, (_, index) => `result ${index}`),
    );
  });
});

describe('the shell spawner', () => {
  it('leaves no files behind once commands are done', async () => {
    await Promise.all([
      spawner.run('echo', ['a']),
      spawner.run('cat', [], { input: 'x' }),
      spawner.run('false', []).catch(() => undefined),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readdir(join(dir, 'spawn'))).toEqual([]);
  });

  it('lets commands in flight finish on close, then removes its directory', async () => {
    const own = await ShellSpawner.start(join(dir, 'closing'));
    const slow = own.run('sh', ['-c', 'sleep 0.2; echo finished']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    expect((await slow).stdout).toBe('finished\n');
    await expect(readdir(join(dir, 'closing'))).rejects.toThrow();
  });

  it('spawns directly once its shell is gone', async () => {
    const own = await ShellSpawner.start(join(dir, 'killed'));
    process.kill(-own.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await own.run('echo', ['still works'])).stdout).toBe('still works\n');
    await own.close();
  });
});

describe('runCommand', () => {
  it('goes through the runner installed last, and back after restore', async () => {
    const seen: string[] = [];
    const restore = useCommandRunner(async (file, args) => {
      seen.push([file, ...args].join(' '));
      return { stdout: 'faked', stderr: '' };
    });
    expect((await runCommand('ip', ['link'])).stdout).toBe('faked');
    restore();
    expect((await runCommand('echo', ['real'])).stdout).toBe('real\n');
    expect(seen).toEqual(['ip link']);
  });
});

describe('the request protocol', () => {
  it('quotes words so the shell takes them literally', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('writes one line per command, with its files and directory', () => {
    const files = { input: undefined, stdout: '/d/7.out', stderr: '/d/7.err' };
    expect(requestLine(7, 'ip', ['-batch', '-'], files)).toBe(
      `( { 'ip' '-batch' '-'; } </dev/null >'/d/7.out' 2>'/d/7.err'; echo "$? 7" ) &\n`,
    );
    expect(requestLine(8, 'mount', ['x'], { ...files, input: '/d/8.in' }, '/a dir')).toBe(
      `( { cd '/a dir' && 'mount' 'x'; } <'/d/8.in' >'/d/7.out' 2>'/d/7.err'; echo "$? 8" ) &\n`,
    );
  });

  it('runs a script in a subshell of its own, with its arguments set', () => {
    const files = { input: undefined, stdout: '/d/9.out', stderr: '/d/9.err' };
    expect(requestLine(9, 'exit 3', ['a b'], files, undefined, true)).toBe(
      `( { ( set -- 'a b'; exit 3\n); } </dev/null >'/d/9.out' 2>'/d/9.err'; echo "$? 9" ) &\n`,
    );
  });

  it('reads completion lines and nothing else', () => {
    expect(parseCompletion('0 12')).toEqual({ status: 0, id: 12 });
    expect(parseCompletion('137 3')).toEqual({ status: 137, id: 3 });
    expect(parseCompletion('garbage')).toBeUndefined();
    expect(parseCompletion('0 1 2')).toBeUndefined();
  });
});
