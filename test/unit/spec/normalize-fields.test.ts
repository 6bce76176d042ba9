import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/spec/diagnostics.js';
import { toCanonicalModel } from '../../../src/spec/normalize/index.js';
import type { RawMapping } from '../../../src/spec/raw.js';

function canonicalService(service: RawMapping, warnings: Diagnostic[] = []): RawMapping {
  const model = toCanonicalModel(
    { services: { web: service } },
    { warn: (warning) => warnings.push(warning) },
  );
  return (model.services as Record<string, RawMapping>).web!;
}

describe('§10.1 conversions', () => {
  it.each<[string, RawMapping, string, unknown]>([
    ['build string', { build: './dir' }, 'build', { context: './dir' }],
    [
      'build map without context (§10.3 default)',
      { build: { dockerfile: 'D' } },
      'build',
      { dockerfile: 'D', context: '.' },
    ],
    [
      'depends_on list',
      { depends_on: ['a', 'b'] },
      'depends_on',
      {
        a: { condition: 'service_started', required: true },
        b: { condition: 'service_started', required: true },
      },
    ],
    [
      'depends_on partial map entries',
      { depends_on: { a: { condition: 'service_healthy' }, b: { required: false }, c: null } },
      'depends_on',
      {
        a: { condition: 'service_healthy', required: true },
        b: { condition: 'service_started', required: false },
        c: { condition: 'service_started', required: true },
      },
    ],
    ['networks list', { networks: ['n1', 'n2'] }, 'networks', { n1: null, n2: null }],
    ['models list', { models: ['m'] }, 'models', { m: null }],
    [
      'secrets short (+ default target)',
      { secrets: ['s', { source: 't', target: '/x' }] },
      'secrets',
      [
        { source: 's', target: '/run/secrets/s' },
        { source: 't', target: '/x' },
      ],
    ],
    ['configs short (no default target)', { configs: ['c'] }, 'configs', [{ source: 'c' }]],
    ['env_file string', { env_file: 'a.env' }, 'env_file', [{ path: 'a.env', required: true }]],
    [
      'env_file list',
      { env_file: ['a.env', { path: 'b.env', format: 'raw' }, { path: 'c.env', required: false }] },
      'env_file',
      [
        { path: 'a.env', required: true },
        { path: 'b.env', format: 'raw', required: true },
        { path: 'c.env', required: false },
      ],
    ],
    ['dns string', { dns: '8.8.8.8' }, 'dns', ['8.8.8.8']],
    ['dns empty entries dropped', { dns: ['1.1.1.1', ''] }, 'dns', ['1.1.1.1']],
    ['label_file string', { label_file: 'l.txt' }, 'label_file', ['l.txt']],
    [
      'devices',
      { devices: ['/dev/a', '/dev/b:/dev/c', '/dev/d:/dev/e:r'] },
      'devices',
      [
        { source: '/dev/a', target: '/dev/a', permissions: 'rwm' },
        { source: '/dev/b', target: '/dev/c', permissions: 'rwm' },
        { source: '/dev/d', target: '/dev/e', permissions: 'r' },
      ],
    ],
    ['gpus all', { gpus: 'all' }, 'gpus', [{ count: 'all' }]],
    [
      'gpus list count default (§10.3)',
      { gpus: [{ driver: 'nvidia' }, { device_ids: ['0'] }] },
      'gpus',
      [{ driver: 'nvidia', count: 'all' }, { device_ids: ['0'] }],
    ],
    ['extends string', { extends: 'base' }, 'extends', { service: 'base' }],
    [
      'environment list',
      { environment: ['A=1', 'B=', 'C', 'D=x=y'] },
      'environment',
      { A: '1', B: '', C: null, D: 'x=y' },
    ],
    [
      'environment map scalars',
      { environment: { A: 1, B: true, C: null, D: '' } },
      'environment',
      { A: '1', B: 'true', C: null, D: '' },
    ],
    ['labels list', { labels: ['a=1', 'b'] }, 'labels', { a: '1', b: '' }],
    ['labels map null', { labels: { a: null, b: 2 } }, 'labels', { a: '', b: '2' }],
    [
      'extra_hosts kept as written',
      { extra_hosts: ['h=1.2.3.4', 'v6:::1'] },
      'extra_hosts',
      ['h=1.2.3.4', 'v6:::1'],
    ],
  ])('%s', (_name, service, key, expected) =>
    expect(canonicalService(service)[key]).toEqual(expected),
  );

  it('build sub-fields', () => {
    const build = canonicalService({
      build: {
        context: '.',
        ssh: ['default', 'id=/key'],
        additional_contexts: ['base=../base'],
        provenance: true,
        sbom: false,
        secrets: ['npm'],
        args: ['A=1', 'B'],
        labels: ['l'],
      },
    }).build;
    expect(build).toEqual({
      context: '.',
      ssh: { default: null, id: '/key' },
      additional_contexts: { base: '../base' },
      provenance: 'true',
      sbom: 'false',
      secrets: [{ source: 'npm' }],
      args: { A: '1', B: null },
      labels: { l: '' },
    });
  });

  it('watch ignore/include strings become lists', () => {
    const develop = canonicalService({
      develop: { watch: [{ path: '/s', action: 'sync', target: '/t', ignore: 'x', include: 'y' }] },
    }).develop;
    expect(develop).toEqual({
      watch: [{ path: '/s', action: 'sync', target: '/t', ignore: ['x'], include: ['y'] }],
    });
  });

  it('deploy reservation devices get count: all', () => {
    const deploy = canonicalService({
      deploy: { resources: { reservations: { devices: [{ capabilities: ['gpu'] }] } } },
    }).deploy;
    expect(deploy).toEqual({
      resources: { reservations: { devices: [{ capabilities: ['gpu'], count: 'all' }] } },
    });
  });

  it('include strings become {path}', () => {
    const model = toCanonicalModel(
      { include: ['a.yml', { path: 'b.yml' }], services: {} },
      { warn: () => {} },
    );
    expect(model.include).toEqual([{ path: 'a.yml' }, { path: 'b.yml' }]);
  });

  it('keeps x-* keys and unknown fields', () => {
    const service = canonicalService({ image: 'x', 'x-note': { a: 1 }, stdin_open: true });
    expect(service['x-note']).toEqual({ a: 1 });
    expect(service.stdin_open).toBe(true);
  });

  it('does not modify its input', () => {
    const input = { services: { web: { ports: ['80'] } } };
    toCanonicalModel(input, { warn: () => {} });
    expect(input.services.web.ports).toEqual(['80']);
  });
});

describe('external: {name} (deprecated)', () => {
  it('becomes external: true + name, with a warning', () => {
    const warnings: Diagnostic[] = [];
    const model = toCanonicalModel(
      { volumes: { data: { external: { name: 'real' } } } },
      { warn: (w) => warnings.push(w) },
    );
    expect(model.volumes).toEqual({ data: { external: true, name: 'real' } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.path).toEqual(['volumes', 'data', 'external', 'name']);
  });

  it('conflicting name is an error', () => {
    expect(() =>
      toCanonicalModel(
        { networks: { n: { name: 'a', external: { name: 'b' } } } },
        { warn: () => {} },
      ),
    ).toThrow(/networks\.n\.external\.name: .*conflict/);
  });
});

describe('errors with key paths', () => {
  it.each<[string, RawMapping, RegExp]>([
    [
      'environment key with blank',
      { environment: ['K =v'] },
      /^services\.web\.environment\[0\]: environment variable name "K "/,
    ],
    [
      'device with 4 fields',
      { devices: ['/a:/b:rwm:x'] },
      /^services\.web\.devices\[0\]: invalid device/,
    ],
    [
      'ssh bare word',
      { build: { ssh: ['mykey'] } },
      /^services\.web\.build\.ssh\[0\]: invalid ssh key "mykey"/,
    ],
    [
      'additional context without =',
      { build: { additional_contexts: ['x'] } },
      /^services\.web\.build\.additional_contexts\[0\]/,
    ],
    [
      'extra_hosts without IP',
      { extra_hosts: ['justhost'] },
      /^services\.web\.extra_hosts\[0\]: .*missing IP/,
    ],
  ])('%s', (_name, service, message) => expect(() => canonicalService(service)).toThrow(message));
});
