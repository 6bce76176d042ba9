/**
 * The fast start path (bin/fast-path.js, src/cli/fast/) must be invisible:
 * the same command line gives the same output, errors and exit code with it
 * (default) and through oclif alone (TSCOMPOSE_FAST_PATH=0), and its V8 code
 * cache, written after a command's first run, changes nothing but speed.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { composeProject, SLEEPER, type ComposeProject } from '../support/compose-project.js';

let cacheHome: string;
let project: ComposeProject;

beforeAll(async () => {
  cacheHome = await mkdtemp(join(tmpdir(), 'tscompose-code-cache-'));
  project = composeProject(
    'fastpath',
    () =>
      [
        'services:',
        '  web:',
        '    image: busybox:latest',
        `    command: ${SLEEPER}`,
        '    environment:',
        '      GREETING: ${GREETING:-hello}',
        '  worker:',
        '    image: busybox:latest',
        '    profiles: [jobs]',
        '',
      ].join('\n'),
    'file',
  );
});

afterAll(async () => {
  await rm(cacheHome, { recursive: true, force: true });
});

const commandLines: string[][] = [
  ['config'],
  ['config', '-q'],
  ['config', '--services'],
  ['config', '--format', 'json'],
  ['--profile', 'jobs', 'config', '--services'],
  ['config', '--format', 'yaml-ish'],
  ['config', 'nosuch'],
  ['ps'],
  ['ps', '--format', 'json'],
  ['ps', 'nosuch'],
  ['ps', '--bogus'],
  ['ps', '-aq'],
  ['ps', '--services'],
  ['version', '--short'],
  ['up', '--dry-run', '-d'],
  ['down', '--help'],
];

describe('the fast path', () => {
  it('gives the same output, errors and exit codes as oclif alone', () => {
    for (const args of commandLines) {
      const env = { XDG_CACHE_HOME: cacheHome, COMPOSE_PROJECT_NAME: project.name };
      const fast = cli(args, { cwd: project.dir, env });
      const oclif = cli(args, { cwd: project.dir, env: { ...env, TSCOMPOSE_FAST_PATH: '0' } });
      // Timestamps aside ("Created 2 seconds ago"), nothing may differ.
      expect({ args, code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({
        args,
        code: oclif.code,
        stdout: oclif.stdout,
        stderr: oclif.stderr,
      });
    }
  });

  it('writes one code cache per command and gives the same result with it', async () => {
    const env = { XDG_CACHE_HOME: cacheHome };
    const first = cli(['config', '--services'], { cwd: project.dir, env });
    const cacheDir = join(cacheHome, 'tscompose', 'code-cache');
    expect((await readdir(cacheDir)).some((name) => name.endsWith('-config.bin'))).toBe(true);
    const second = cli(['config', '--services'], { cwd: project.dir, env });
    expect(second).toEqual(first);
    expect(first.stdout).toBe('web\n');
  });

  it('survives a corrupt cache: V8 rejects it, the command runs, the cache is rewritten', async () => {
    const env = { XDG_CACHE_HOME: cacheHome };
    cli(['config', '-q'], { cwd: project.dir, env });
    const cacheDir = join(cacheHome, 'tscompose', 'code-cache');
    const file = (await readdir(cacheDir)).find((name) => name.endsWith('-config.bin'))!;
    await writeFile(join(cacheDir, file), 'not bytecode');
    const result = cli(['config', '--services'], { cwd: project.dir, env });
    expect(result).toMatchObject({ code: 0, stdout: 'web\n', stderr: '' });
    const again = cli(['config', '--services'], { cwd: project.dir, env });
    expect(again).toMatchObject({ code: 0, stdout: 'web\n', stderr: '' });
  });
});
