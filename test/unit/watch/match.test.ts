import { describe, expect, it } from 'vitest';
import { ruleFilter } from '../../../src/watch/ignore.js';
import { batchChanges, containerPathFor, type CompiledRule } from '../../../src/watch/match.js';
import type { WatchRule } from '../../../src/watch/types.js';

const rule = (overrides: Partial<WatchRule>): CompiledRule => {
  const full: WatchRule = {
    service: 'web',
    index: 0,
    path: '/p/src',
    action: 'sync',
    target: '/app',
    ignore: [],
    include: [],
    initialSync: false,
    ...overrides,
  };
  return { rule: full, filter: ruleFilter(full) };
};
const hook = (command: string) => ({ command: [command], privileged: false, environment: [] });
const plain = (items: readonly { hostPath: string; containerPath: string }[]) =>
  items.map(({ hostPath, containerPath }) => ({ hostPath, containerPath }));

describe('a batch of changed paths → what each service does', () => {
  it('maps files under the rule to the target, one entry per container path', () => {
    const { services } = batchChanges(
      ['/p/src/a.js', '/p/src/lib/b.js', '/p/src/a.js', '/p/elsewhere.js'],
      [rule({})],
    );
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ service: 'web', rebuild: false, restart: false, exec: [] });
    expect(plain(services[0]!.sync)).toEqual([
      { hostPath: '/p/src/a.js', containerPath: '/app/a.js' },
      { hostPath: '/p/src/lib/b.js', containerPath: '/app/lib/b.js' },
    ]);
  });

  it('collects rebuild, restart and exec per service; exec hooks once each, in rule order', () => {
    const rules = [
      rule({ service: 'api', action: 'rebuild', path: '/p/api/package.json', target: undefined }),
      rule({ service: 'api', action: 'restart', path: '/p/api/conf', target: undefined }),
      rule({ index: 2, action: 'sync+exec', exec: hook('second') }),
      rule({
        index: 1,
        action: 'sync+exec',
        path: '/p/src/css',
        target: '/css',
        exec: hook('first'),
      }),
      rule({ index: 3, action: 'sync+restart', path: '/p/src/server', target: '/srv' }),
    ];
    const { services } = batchChanges(
      [
        '/p/api/package.json',
        '/p/api/conf/x.yml',
        '/p/src/css/a.css',
        '/p/src/b.js',
        '/p/src/server/main.js',
      ],
      rules,
    );
    expect(
      services.map((s) => [s.service, s.rebuild, s.restart, s.exec.map((h) => h.command[0])]),
    ).toEqual([
      ['api', true, true, []],
      ['web', false, true, ['first', 'second']],
    ]);
    expect(plain(services[1]!.sync)).toEqual([
      { hostPath: '/p/src/css/a.css', containerPath: '/app/css/a.css' },
      { hostPath: '/p/src/css/a.css', containerPath: '/css/a.css' },
      { hostPath: '/p/src/b.js', containerPath: '/app/b.js' },
      { hostPath: '/p/src/server/main.js', containerPath: '/app/server/main.js' },
      { hostPath: '/p/src/server/main.js', containerPath: '/srv/main.js' },
    ]);
  });

  it('ignored paths do nothing at all', () => {
    const { services } = batchChanges(
      ['/p/src/.a.js.swp', '/p/src/.git/index', '/p/src/x.log'],
      [rule({ ignore: ['*.log'] }), rule({ action: 'restart', ignore: ['*.log'] })],
    );
    expect(services).toEqual([]);
  });

  it('files under a bind mount of the service are skipped and reported', () => {
    const { services, skipped } = batchChanges(
      ['/p/src/public/a.css', '/p/src/b.js'],
      [rule({})],
      new Map([['web', ['/p/src/public']]]),
    );
    expect(plain(services[0]!.sync)).toEqual([
      { hostPath: '/p/src/b.js', containerPath: '/app/b.js' },
    ]);
    expect(skipped).toEqual([
      {
        service: 'web',
        hostPath: '/p/src/public/a.css',
        reason: 'bind-mount',
        detail: '/p/src/public',
      },
    ]);
  });

  it('container paths never leave the target', () => {
    const r = rule({}).rule;
    expect(containerPathFor(r, '/p/src')).toBe('/app');
    expect(containerPathFor(r, '/p/src/a/../b')).toBe('/app/b');
    expect(containerPathFor(r, '/p/srcx/a')).toBeUndefined();
    expect(containerPathFor({ ...r, target: '/' }, '/p/src/etc/x')).toBe('/etc/x');
  });
});
