import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { resolveRelativePaths } from '../../../src/spec/paths.js';

const DIR = '/proj/dir';
const HOME = '/home/me';

function resolveWeb(web: Record<string, unknown>): Record<string, unknown> {
  const model = resolveRelativePaths({ services: { web } }, DIR, { homeDir: HOME });
  return (model['services'] as Record<string, Record<string, unknown>>)['web']!;
}

describe('resolveRelativePaths (§11) on a raw model', () => {
  it.each([
    ['./app', '/proj/dir/app'],
    ['.', '/proj/dir'],
    ['../other', '/proj/other'],
    ['sub', '/proj/dir/sub'],
    ['/abs/ctx', '/abs/ctx'],
    ['~/src', '/home/me/src'],
    ['https://github.com/a/b.git', 'https://github.com/a/b.git'],
    ['git@github.com:a/b.git', 'git@github.com:a/b.git'],
    ['github.com/a/b', 'github.com/a/b'],
    ['git://host/repo', 'git://host/repo'],
    ['ssh://host/repo', 'ssh://host/repo'],
    ['docker-image://alpine', 'docker-image://alpine'],
    ['service:base', 'service:base'],
  ])('build context %s → %s (short and long form)', (context, expected) => {
    expect(resolveWeb({ build: context })['build']).toBe(expected);
    expect(resolveWeb({ build: { context } })['build']).toEqual({ context: expected });
  });

  it('build.additional_contexts in map and list form', () => {
    expect(
      resolveWeb({
        build: { additional_contexts: { a: './a', b: 'docker-image://x', c: 'service:s' } },
      })['build'],
    ).toEqual({
      additional_contexts: { a: '/proj/dir/a', b: 'docker-image://x', c: 'service:s' },
    });
    expect(resolveWeb({ build: { additional_contexts: ['a=./a', 'b=/abs'] } })['build']).toEqual({
      additional_contexts: ['a=/proj/dir/a', 'b=/abs'],
    });
  });

  it('build.ssh paths, leaving `default` alone', () => {
    expect(resolveWeb({ build: { ssh: ['default', 'id=./key'] } })['build']).toEqual({
      ssh: ['default', 'id=/proj/dir/key'],
    });
    expect(resolveWeb({ build: { ssh: { default: null, id: '~/.ssh/id' } } })['build']).toEqual({
      ssh: { default: null, id: '/home/me/.ssh/id' },
    });
  });

  it.each([
    ['a.env', '/proj/dir/a.env'],
    [
      ['a.env', '/abs/b.env'],
      ['/proj/dir/a.env', '/abs/b.env'],
    ],
    [[{ path: './c.env', required: false }], [{ path: '/proj/dir/c.env', required: false }]],
  ])('env_file %j', (value, expected) => {
    expect(resolveWeb({ env_file: value })['env_file']).toEqual(expected);
  });

  it.each([
    ['l.txt', '/proj/dir/l.txt'],
    [
      ['l.txt', '~/m.txt'],
      ['/proj/dir/l.txt', '/home/me/m.txt'],
    ],
  ])('label_file %j', (value, expected) => {
    expect(resolveWeb({ label_file: value })['label_file']).toEqual(expected);
  });

  it('extends.file', () => {
    expect(resolveWeb({ extends: { file: 'base.yml', service: 'b' } })['extends']).toEqual({
      file: '/proj/dir/base.yml',
      service: 'b',
    });
    expect(resolveWeb({ extends: 'b' })['extends']).toBe('b');
  });

  it.each([
    ['./data:/data', '/proj/dir/data:/data'],
    ['./data:/data:ro', '/proj/dir/data:/data:ro'],
    ['../up:/up', '/proj/up:/up'],
    ['.:/app', '/proj/dir:/app'],
    ['~/cache:/cache', '/home/me/cache:/cache'],
    ['/abs:/abs', '/abs:/abs'],
    ['named:/data', 'named:/data'],
    ['/anonymous', '/anonymous'],
    ['C:\\data:/data', 'C:\\data:/data'],
  ])('short volume %s → %s', (spec, expected) => {
    expect(resolveWeb({ volumes: [spec] })['volumes']).toEqual([expected]);
  });

  it('long bind volumes resolve their source; other types are untouched', () => {
    expect(
      resolveWeb({
        volumes: [
          { type: 'bind', source: './d', target: '/d' },
          { type: 'bind', source: 'C:\\win', target: '/w' },
          { type: 'volume', source: 'v', target: '/v' },
        ],
      })['volumes'],
    ).toEqual([
      { type: 'bind', source: '/proj/dir/d', target: '/d' },
      { type: 'bind', source: 'C:\\win', target: '/w' },
      { type: 'volume', source: 'v', target: '/v' },
    ]);
  });

  it('a long bind volume without source is an error', () => {
    expect(() => resolveWeb({ volumes: [{ type: 'bind', target: '/d' }] })).toThrow(ComposeError);
    expect(() => resolveWeb({ volumes: [{ type: 'bind', target: '/d' }] })).toThrow(
      'invalid mount config for type "bind": field Source must not be empty',
    );
  });

  it('develop.watch[].path is made absolute and symlinks are resolved', () => {
    const root = mkdtempSync(join(tmpdir(), 'tscompose-paths-'));
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    const model = resolveRelativePaths(
      {
        services: {
          web: {
            develop: {
              watch: [
                { path: './link', action: 'sync' },
                { path: './missing', action: 'rebuild' },
              ],
            },
          },
        },
      },
      root,
    );
    const watch = (model['services'] as Record<string, Record<string, Record<string, unknown>>>)[
      'web'
    ]!['develop']!['watch'];
    // The temporary directory may itself sit under a symlink (macOS /tmp).
    const realRoot = realpathSync(root);
    expect(watch).toEqual([
      { path: join(realRoot, 'real'), action: 'sync' },
      { path: join(realRoot, 'missing'), action: 'rebuild' },
    ]);
  });

  it.each(['configs', 'secrets'])('%s.*.file', (section) => {
    expect(
      resolveRelativePaths(
        { [section]: { a: { file: './a.txt' }, b: { file: '/abs' }, c: { environment: 'X' } } },
        DIR,
      ),
    ).toEqual({
      [section]: { a: { file: '/proj/dir/a.txt' }, b: { file: '/abs' }, c: { environment: 'X' } },
    });
  });

  it('include entries (short and long)', () => {
    expect(
      resolveRelativePaths(
        {
          include: [
            'a/compose.yml',
            { path: ['b.yml', '/abs/c.yml'], project_directory: '..', env_file: 'x.env' },
            { path: 'd.yml', env_file: ['y.env'] },
          ],
        },
        DIR,
      ),
    ).toEqual({
      include: [
        '/proj/dir/a/compose.yml',
        {
          path: ['/proj/dir/b.yml', '/abs/c.yml'],
          project_directory: '/proj',
          env_file: '/proj/dir/x.env',
        },
        { path: '/proj/dir/d.yml', env_file: ['/proj/dir/y.env'] },
      ],
    });
  });

  it('a local bind volume device is resolved only with driver local and o: bind', () => {
    expect(
      resolveRelativePaths(
        {
          volumes: {
            a: { driver: 'local', driver_opts: { o: 'bind', type: 'none', device: './data' } },
            b: { driver_opts: { o: 'bind', device: './data' } },
            c: { driver: 'local', driver_opts: { type: 'nfs', device: ':/export' } },
            d: null,
          },
        },
        DIR,
      ),
    ).toEqual({
      volumes: {
        a: { driver: 'local', driver_opts: { o: 'bind', type: 'none', device: '/proj/dir/data' } },
        b: { driver_opts: { o: 'bind', device: './data' } },
        c: { driver: 'local', driver_opts: { type: 'nfs', device: ':/export' } },
        d: null,
      },
    });
  });

  it('does not mutate its input', () => {
    const web = { build: './a', volumes: ['./d:/d'] };
    resolveWeb(web);
    expect(web).toEqual({ build: './a', volumes: ['./d:/d'] });
  });
});
