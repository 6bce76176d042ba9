import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { mergeModels } from '../../../src/spec/merge/index.js';

/** Merges two `services.web` definitions and returns the merged `web`. */
function mergeWeb(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged = mergeModels({ services: { web: base } }, { services: { web: override } });
  return (merged['services'] as Record<string, Record<string, unknown>>)['web']!;
}

describe('generic merge (§6.1)', () => {
  it('adds new keys and merges mappings present on both sides recursively', () => {
    expect(mergeModels({ a: { x: 1, y: { p: 1 } } }, { a: { y: { q: 2 }, z: 3 }, b: 4 })).toEqual({
      a: { x: 1, y: { p: 1, q: 2 }, z: 3 },
      b: 4,
    });
  });

  it('appends sequence items', () => {
    expect(mergeWeb({ security_opt: ['a'] }, { security_opt: ['b', 'a'] })).toEqual({
      security_opt: ['a', 'b', 'a'],
    });
  });

  it('replaces scalars', () => {
    expect(mergeWeb({ image: 'a', scale: 1 }, { image: 'b' })).toEqual({ image: 'b', scale: 1 });
  });

  it('a null override keeps the base value', () => {
    expect(mergeWeb({ image: 'a' }, { image: null })).toEqual({ image: 'a' });
  });

  it('a scalar base is replaced by whatever the override holds', () => {
    expect(mergeModels({ 'x-a': 1 }, { 'x-a': { b: 2 } })).toEqual({ 'x-a': { b: 2 } });
  });

  it.each([
    [{ deploy: { replicas: 1 } }, { deploy: 'x' }, 'services.web.deploy'],
    [{ cap_add: ['A'] }, { cap_add: 'B' }, 'services.web.cap_add'],
  ])('mismatched kinds are an error: %j + %j', (base, override, where) => {
    let error: unknown;
    try {
      mergeWeb(base, override);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ComposeError);
    expect((error as ComposeError).diagnostics[0]!.message).toBe(
      'cannot override: the earlier file has a value of another kind (mapping, list or scalar) here',
    );
    expect((error as ComposeError).diagnostics[0]!.path).toEqual(where.split('.'));
  });

  it('does not mutate its inputs nor share containers with them', () => {
    const base = { services: { web: { ports: ['80'], environment: { A: '1' } } } };
    const override = { services: { web: { ports: ['81'], labels: ['l=1'] } } };
    const snapshot = JSON.stringify([base, override]);
    const merged = mergeModels(base, override);
    expect(JSON.stringify([base, override])).toBe(snapshot);
    const web = (merged['services'] as Record<string, Record<string, unknown[]>>)['web']!;
    web['labels']!.push('changed');
    expect(override.services.web.labels).toEqual(['l=1']);
  });
});

describe('special paths (§6.2)', () => {
  it.each(['command', 'entrypoint'])('%s is replaced entirely', (key) => {
    expect(mergeWeb({ [key]: ['a', 'b'] }, { [key]: ['c'] })).toEqual({ [key]: ['c'] });
    expect(mergeWeb({ [key]: 'a b' }, { [key]: ['c'] })).toEqual({ [key]: ['c'] });
  });

  it('healthcheck.test is replaced while the rest of healthcheck merges', () => {
    expect(
      mergeWeb(
        { healthcheck: { test: ['CMD', 'a'], interval: '1s' } },
        { healthcheck: { test: ['CMD', 'b'] } },
      ),
    ).toEqual({ healthcheck: { test: ['CMD', 'b'], interval: '1s' } });
  });

  it.each(['environment', 'labels', 'annotations', 'sysctls'])(
    'services.*.%s: both sides become sorted KEY=VAL lists, concatenated',
    (key) => {
      expect(mergeWeb({ [key]: { B: 2, A: 'x', N: null } }, { [key]: ['C=3', 'A=y'] })).toEqual({
        [key]: ['A=x', 'B=2', 'N', 'C=3', 'A=y'],
      });
    },
  );

  it.each(['args', 'labels', 'additional_contexts'])(
    'build.%s is concatenated as a list',
    (key) => {
      expect(mergeWeb({ build: { [key]: { A: '1' } } }, { build: { [key]: { B: true } } })).toEqual(
        {
          build: { [key]: ['A=1', 'B=true'] },
        },
      );
    },
  );

  it('deploy.labels is concatenated as a list', () => {
    expect(mergeWeb({ deploy: { labels: { a: '1' } } }, { deploy: { labels: ['b=2'] } })).toEqual({
      deploy: { labels: ['a=1', 'b=2'] },
    });
  });

  it.each(['networks', 'volumes'])(
    'top-level %s.*.labels are concatenated as a list',
    (section) => {
      expect(
        mergeModels(
          { [section]: { n: { labels: { a: '1' } } } },
          { [section]: { n: { labels: { b: '2' } } } },
        ),
      ).toEqual({
        [section]: { n: { labels: ['a=1', 'b=2'] } },
      });
    },
  );

  it.each(['dns', 'dns_opt', 'dns_search', 'tmpfs', 'env_file', 'label_file'])(
    '%s: a string becomes a 1-item list, then lists are concatenated',
    (key) => {
      expect(mergeWeb({ [key]: 'a' }, { [key]: 'b' })).toEqual({ [key]: ['a', 'b'] });
      expect(mergeWeb({ [key]: ['a'] }, { [key]: 'b' })).toEqual({ [key]: ['a', 'b'] });
    },
  );

  it('env_file long entries are kept as they are when concatenated', () => {
    expect(
      mergeWeb({ env_file: 'a.env' }, { env_file: [{ path: 'b.env', required: false }] }),
    ).toEqual({
      env_file: ['a.env', { path: 'b.env', required: false }],
    });
  });

  it.each([
    ['service', (web: Record<string, unknown>) => web],
    ['build', (web: Record<string, unknown>) => web['build'] as Record<string, unknown>],
  ])(
    'extra_hosts (%s): override entries already present are dropped, others appended',
    (_where, pick) => {
      const wrap = (hosts: unknown) =>
        _where === 'service' ? { extra_hosts: hosts } : { build: { extra_hosts: hosts } };
      const merged = pick(
        mergeWeb(
          wrap(['a=1.1.1.1', 'b=2.2.2.2']),
          wrap({ b: '2.2.2.2', c: ['3.3.3.3', '4.4.4.4'] }),
        ),
      );
      expect(merged['extra_hosts']).toEqual(['a=1.1.1.1', 'b=2.2.2.2', 'c=3.3.3.3', 'c=4.4.4.4']);
    },
  );

  it('depends_on: lists become mappings with the default condition, then merge as mappings', () => {
    expect(
      mergeWeb(
        { depends_on: ['db', 'cache'] },
        { depends_on: { db: { condition: 'service_healthy' }, queue: {} } },
      ),
    ).toEqual({
      depends_on: {
        db: { condition: 'service_healthy', required: true },
        cache: { condition: 'service_started', required: true },
        queue: {},
      },
    });
  });

  it.each(['networks', 'models'])(
    'service %s: list items become null entries, merged as mappings',
    (key) => {
      expect(mergeWeb({ [key]: ['a', 'b'] }, { [key]: { b: { x: 1 }, c: null } })).toEqual({
        [key]: { a: null, b: { x: 1 }, c: null },
      });
    },
  );

  it('build: a string is {context: string} on both sides', () => {
    expect(mergeWeb({ build: './a' }, { build: { dockerfile: 'X' } })).toEqual({
      build: { context: './a', dockerfile: 'X' },
    });
    expect(mergeWeb({ build: { args: ['A=1'] } }, { build: './b' })).toEqual({
      build: { args: ['A=1'], context: './b' },
    });
  });

  it.each([
    [
      { driver: 'json-file', options: { a: '1' } },
      { driver: 'json-file', options: { b: '2' } },
      { driver: 'json-file', options: { a: '1', b: '2' } },
    ],
    [
      { driver: 'json-file', options: { a: '1' } },
      { options: { b: '2' } },
      { driver: 'json-file', options: { a: '1', b: '2' } },
    ],
    [
      { options: { a: '1' } },
      { driver: 'syslog', options: { b: '2' } },
      { driver: 'syslog', options: { a: '1', b: '2' } },
    ],
    [
      { driver: 'json-file', options: { a: '1' } },
      { driver: 'syslog', options: { b: '2' } },
      { driver: 'syslog', options: { b: '2' } },
    ],
  ])('logging %j + %j', (base, override, expected) => {
    expect(mergeWeb({ logging: base }, { logging: override })).toEqual({ logging: expected });
  });

  it('ulimits.* values are replaced, other ulimits kept', () => {
    expect(
      mergeWeb(
        { ulimits: { nofile: { soft: 1, hard: 2 }, nproc: 5 } },
        { ulimits: { nofile: { soft: 3 } } },
      ),
    ).toEqual({ ulimits: { nofile: { soft: 3 }, nproc: 5 } });
  });

  it('networks.*.ipam.config entries are matched by subnet: same subnet merged, new ones appended', () => {
    const base = {
      networks: {
        n: {
          ipam: {
            config: [
              { subnet: '10.0.0.0/16', gateway: '10.0.0.1', aux_addresses: { a: '10.0.0.5' } },
              { subnet: '10.1.0.0/16' },
            ],
          },
        },
      },
    };
    const override = {
      networks: {
        n: {
          ipam: {
            config: [
              { subnet: '10.0.0.0/16', aux_addresses: { b: '10.0.0.6' } },
              { subnet: '10.2.0.0/16' },
            ],
          },
        },
      },
    };
    expect(mergeModels(base, override)).toEqual({
      networks: {
        n: {
          ipam: {
            config: [
              {
                subnet: '10.0.0.0/16',
                gateway: '10.0.0.1',
                aux_addresses: { a: '10.0.0.5', b: '10.0.0.6' },
              },
              { subnet: '10.1.0.0/16' },
              { subnet: '10.2.0.0/16' },
            ],
          },
        },
      },
    });
  });

  it('special rules apply only when both sides define the key', () => {
    expect(mergeWeb({ image: 'a' }, { environment: { A: '1' } })).toEqual({
      image: 'a',
      environment: { A: '1' },
    });
  });
});
