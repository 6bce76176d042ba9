import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { resolveEnvironment, selectEnvFiles } from '../../../src/spec/environment.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscompose-env-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('resolveEnvironment', () => {
  it('the shell wins; env-file lookups see the shell first (shell A=5 + A=1, B=${A} gives B=5)', () => {
    write('.env', 'A=1\nB=${A}\nC=3\n');
    const env = resolveEnvironment({ shell: { A: '5', PWD: '/x' }, projectDir: dir, cwd: dir });
    expect(env).toEqual({ A: '5', B: '5', C: '3', PWD: '/x' });
  });

  it('reads <projectDir>/.env implicitly and adds PWD when absent', () => {
    write('.env', 'FROM_FILE=yes\n');
    const env = resolveEnvironment({
      shell: { HOME: '/home/u', UNSET: undefined },
      projectDir: dir,
      cwd: '/work',
    });
    expect(env).toEqual({ HOME: '/home/u', FROM_FILE: 'yes', PWD: '/work' });
  });

  it('a .env cannot set PWD', () => {
    write('.env', 'PWD=/elsewhere\n');
    expect(resolveEnvironment({ shell: {}, projectDir: dir, cwd: '/work' }).PWD).toBe('/work');
  });

  it('ignores a missing .env and a .env that is a directory, follows a symlink to a file', () => {
    expect(resolveEnvironment({ shell: {}, projectDir: dir, cwd: dir })).toEqual({ PWD: dir });
    mkdirSync(join(dir, '.env'));
    expect(resolveEnvironment({ shell: {}, projectDir: dir, cwd: dir })).toEqual({ PWD: dir });
    rmSync(join(dir, '.env'), { recursive: true });
    write('real.env', 'LINKED=1\n');
    symlinkSync(join(dir, 'real.env'), join(dir, '.env'));
    expect(resolveEnvironment({ shell: {}, projectDir: dir, cwd: dir }).LINKED).toBe('1');
  });

  it('COMPOSE_DISABLE_ENV_FILE (truthy, from the shell) suppresses the implicit .env only', () => {
    write('.env', 'A=1\n');
    write('other.env', 'B=2\n');
    expect(
      resolveEnvironment({ shell: { COMPOSE_DISABLE_ENV_FILE: 'true' }, projectDir: dir, cwd: dir })
        .A,
    ).toBeUndefined();
    expect(
      resolveEnvironment({ shell: { COMPOSE_DISABLE_ENV_FILE: '0' }, projectDir: dir, cwd: dir }).A,
    ).toBe('1');
    const explicit = resolveEnvironment({
      shell: { COMPOSE_DISABLE_ENV_FILE: '1' },
      envFiles: ['other.env'],
      projectDir: dir,
      cwd: dir,
    });
    expect(explicit.B).toBe('2');
    expect(() =>
      resolveEnvironment({
        shell: { COMPOSE_DISABLE_ENV_FILE: 'maybe' },
        projectDir: dir,
        cwd: dir,
      }),
    ).toThrow(ComposeError);
  });

  it('explicit --env-file replaces .env; later files override earlier ones; lookups see earlier files', () => {
    write('.env', 'IMPLICIT=1\n');
    write('a.env', 'A=a\nSHARED=from-a\n');
    write('b.env', 'SHARED=from-b\nFROM_A=${A}\nSELF=${SHARED}\n');
    const env = resolveEnvironment({
      shell: {},
      envFiles: ['a.env', join(dir, 'b.env')],
      projectDir: '/nowhere',
      cwd: dir,
    });
    expect(env).toEqual({ A: 'a', SHARED: 'from-b', FROM_A: 'a', SELF: 'from-b', PWD: dir });
  });

  it('a bare key in a later file inherits from an earlier file', () => {
    write('a.env', 'A=a\n');
    write('b.env', 'A\n');
    expect(
      resolveEnvironment({ shell: {}, envFiles: ['a.env', 'b.env'], projectDir: dir, cwd: dir }).A,
    ).toBe('a');
  });

  it('a missing explicit env file is an error naming the absolute path', () => {
    expect(() =>
      resolveEnvironment({ shell: {}, envFiles: ['missing.env'], projectDir: dir, cwd: dir }),
    ).toThrow(`couldn't find env file: ${join(dir, 'missing.env')}`);
  });

  it('expands ~ in --env-file against HOME', () => {
    write('home.env', 'H=1\n');
    expect(
      selectEnvFiles({
        shell: { HOME: dir },
        envFiles: ['~/home.env'],
        projectDir: '/p',
        cwd: '/c',
      }),
    ).toEqual([join(dir, 'home.env')]);
    expect(
      resolveEnvironment({
        shell: { HOME: dir },
        envFiles: ['~/home.env'],
        projectDir: '/p',
        cwd: '/c',
      }).H,
    ).toBe('1');
  });

  it('COMPOSE_ENV_FILES (comma list) is the default of --env-file', () => {
    write('a.env', 'A=1\n');
    write('b.env', 'B=2\n');
    write('.env', 'IMPLICIT=1\n');
    const env = resolveEnvironment({
      shell: { COMPOSE_ENV_FILES: 'a.env,,b.env' },
      projectDir: dir,
      cwd: dir,
    });
    expect(env).toMatchObject({ A: '1', B: '2' });
    expect(env.IMPLICIT).toBeUndefined();
    const flagWins = resolveEnvironment({
      shell: { COMPOSE_ENV_FILES: 'a.env' },
      envFiles: ['b.env'],
      projectDir: dir,
      cwd: dir,
    });
    expect(flagWins.A).toBeUndefined();
    expect(flagWins.B).toBe('2');
  });

  it('keeps the values of an earlier pass (base) and adds the new directory .env', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    writeFileSync(join(sub, '.env'), 'COMPOSE_FILE=x.yml\nLATER=2\nREF=${EARLY}\n');
    const env = resolveEnvironment({
      shell: {},
      projectDir: sub,
      cwd: dir,
      base: { EARLY: '1', COMPOSE_FILE: 'first.yml', PWD: dir },
    });
    expect(env).toEqual({ EARLY: '1', COMPOSE_FILE: 'first.yml', LATER: '2', REF: '1', PWD: dir });
  });

  it('names like constructor are looked up as variables, not object properties', () => {
    write('.env', 'X=${constructor}\nconstructor\n');
    expect(resolveEnvironment({ shell: {}, projectDir: dir, cwd: dir })).toEqual({
      X: '',
      PWD: dir,
    });
  });
});
