import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComposeError, type Diagnostic } from '../../../src/spec/diagnostics.js';
import { discoverComposeFiles } from '../../../src/spec/discovery.js';

let dir: string;
let warnings: Diagnostic[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscompose-discovery-'));
  warnings = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function touch(...names: string[]): void {
  for (const name of names) writeFileSync(join(dir, name), 'services: {}\n');
}

function discover(
  options: {
    cwd?: string;
    files?: string[];
    env?: Record<string, string>;
    searchDir?: string;
  } = {},
) {
  return discoverComposeFiles({
    cwd: options.cwd ?? dir,
    env: options.env ?? {},
    warn: (warning) => warnings.push(warning),
    ...(options.files ? { files: options.files } : {}),
    ...(options.searchDir ? { searchDir: options.searchDir } : {}),
  });
}

function errorOf(run: () => unknown): Diagnostic {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeError) return error.diagnostics[0]!;
    throw error;
  }
  throw new Error('expected a ComposeError');
}

describe('discoverComposeFiles: explicit -f', () => {
  it('makes files absolute against cwd, keeps order and keeps - for stdin', () => {
    touch('a.yml', 'b.yml', 'compose.yaml');
    expect(discover({ files: ['b.yml', '-', join(dir, 'a.yml')] })).toEqual({
      files: [join(dir, 'b.yml'), '-', join(dir, 'a.yml')],
      discovered: false,
    });
  });

  it('a missing file is an error', () => {
    const error = errorOf(() => discover({ files: ['nope.yml'] }));
    expect(error.message).toBe(`open ${join(dir, 'nope.yml')}: no such file or directory`);
  });

  it('disables COMPOSE_FILE and discovery', () => {
    touch('a.yml', 'env.yml', 'compose.yaml', 'compose.override.yml');
    expect(discover({ files: ['a.yml'], env: { COMPOSE_FILE: 'env.yml' } }).files).toEqual([
      join(dir, 'a.yml'),
    ]);
  });
});

describe('discoverComposeFiles: COMPOSE_FILE', () => {
  it('splits on ":" by default', () => {
    touch('a.yml', 'b.yml', 'compose.yaml');
    expect(discover({ env: { COMPOSE_FILE: 'a.yml:b.yml' } })).toEqual({
      files: [join(dir, 'a.yml'), join(dir, 'b.yml')],
      discovered: false,
    });
  });

  it('splits on COMPOSE_PATH_SEPARATOR when set', () => {
    touch('a.yml', 'b.yml');
    expect(
      discover({ env: { COMPOSE_FILE: 'a.yml;b.yml', COMPOSE_PATH_SEPARATOR: ';' } }).files,
    ).toEqual([join(dir, 'a.yml'), join(dir, 'b.yml')]);
    expect(
      discover({ env: { COMPOSE_FILE: 'a.yml,b.yml', COMPOSE_PATH_SEPARATOR: ',' } }).files,
    ).toHaveLength(2);
  });

  it('each entry must exist', () => {
    touch('a.yml');
    expect(errorOf(() => discover({ env: { COMPOSE_FILE: 'a.yml:gone.yml' } })).message).toBe(
      `stat ${join(dir, 'gone.yml')}: no such file or directory`,
    );
  });
});

describe('discoverComposeFiles: default names', () => {
  it('prefers compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml in that order', () => {
    const order = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
    for (let first = 0; first < order.length; first++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      touch(...order.slice(first));
      expect(discover().files).toEqual([join(dir, order[first]!)]);
    }
  });

  it('warns when several candidates exist', () => {
    touch('docker-compose.yml', 'compose.yml');
    const result = discover();
    expect(result).toEqual({ files: [join(dir, 'compose.yml')], discovered: true });
    expect(warnings.map((warning) => warning.message)).toEqual([
      `Found multiple config files with supported names: ${join(dir, 'compose.yml')}, ${join(dir, 'docker-compose.yml')}`,
      `Using ${join(dir, 'compose.yml')}`,
    ]);
  });

  it('appends the override file of the same directory, in its own order of preference', () => {
    touch('compose.yaml', 'docker-compose.override.yaml', 'compose.override.yaml');
    expect(discover().files).toEqual([
      join(dir, 'compose.yaml'),
      join(dir, 'compose.override.yaml'),
    ]);
    expect(warnings[0]!.message).toContain('Found multiple override files');
  });

  it('pairs a legacy main file with a new-style override', () => {
    touch('docker-compose.yml', 'compose.override.yml');
    expect(discover().files).toEqual([
      join(dir, 'docker-compose.yml'),
      join(dir, 'compose.override.yml'),
    ]);
    expect(warnings).toEqual([]);
  });

  it('searches parent directories and stops at the first holding a compose file', () => {
    touch('compose.yaml', 'compose.override.yml');
    const deep = join(dir, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(dir, 'a', 'compose.override.yml'), '');
    expect(discover({ cwd: deep })).toEqual({
      files: [join(dir, 'compose.yaml'), join(dir, 'compose.override.yml')],
      discovered: true,
    });
  });

  it('an override file alone is not a project', () => {
    touch('compose.override.yml');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(errorOf(() => discover({ cwd: sub })).message).toBe(
      'no configuration file provided: not found',
    );
  });

  it('starts the search in searchDir when given', () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), '');
    touch('compose.yaml');
    expect(discover({ searchDir: project }).files).toEqual([join(project, 'compose.yaml')]);
  });

  it('not found is an error with a hint listing the names', () => {
    const error = errorOf(() => discover());
    expect(error.message).toBe('no configuration file provided: not found');
    expect(error.hint).toContain(
      'compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml',
    );
  });
});
