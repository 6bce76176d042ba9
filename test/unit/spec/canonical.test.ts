import { describe, expect, it } from 'vitest';
import { projectToComposeModel } from '../../../src/spec/canonical.js';
import { normalizeProject, toCanonicalModel } from '../../../src/spec/normalize/index.js';
import type { RawMapping } from '../../../src/spec/raw.js';

function render(model: RawMapping): RawMapping {
  const project = normalizeProject(toCanonicalModel(model, { warn: () => {} }), {
    projectName: 'demo',
    workingDir: '/w',
    configFiles: ['/w/compose.yaml'],
    environment: {},
    warn: () => {},
  });
  return projectToComposeModel(project);
}

describe('projectToComposeModel', () => {
  const output = render({
    services: {
      web: {
        image: 'nginx',
        ports: ['127.0.0.1:8080:80'],
        volumes: ['/h:/c:ro', 'data:/d'],
        depends_on: ['db'],
        environment: ['B=2', 'A=1'],
        healthcheck: { test: 'true', interval: '90s', timeout: '1500ms' },
        stop_grace_period: '1m',
        mem_limit: '1g',
        extra_hosts: { z: '1.1.1.1', a: '2.2.2.2' },
        ulimits: { nofile: 1024 },
        secrets: [{ source: 's', mode: '440' }],
        'x-meta': 1,
      },
      db: { image: 'postgres' },
    },
    volumes: { data: {} },
    secrets: { s: { file: '/w/s' } },
    'x-top': true,
  });
  const web = (output.services as Record<string, RawMapping>).web!;

  it('top-level keys in compose order, x-* after; services by name', () => {
    expect(Object.keys(output)).toEqual([
      'name',
      'services',
      'networks',
      'volumes',
      'secrets',
      'x-top',
    ]);
    expect(Object.keys(output.services as RawMapping)).toEqual(['db', 'web']);
    expect(output.name).toBe('demo');
  });

  it('service keys sorted, no name key', () => {
    const keys = Object.keys(web);
    expect(keys).toEqual([...keys].sort());
    expect(web.name).toBeUndefined();
    expect(web['x-meta']).toBe(1);
  });

  it('ports long form with published as text', () => {
    expect(web.ports).toEqual([
      { mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' },
    ]);
    expect(Object.keys((web.ports as RawMapping[])[0]!)).toEqual([
      'mode',
      'host_ip',
      'target',
      'published',
      'protocol',
    ]);
  });

  it('volumes long form', () => {
    expect(web.volumes).toEqual([
      {
        type: 'bind',
        source: '/h',
        target: '/c',
        read_only: true,
        bind: { create_host_path: true },
      },
      { type: 'volume', source: 'data', target: '/d', volume: {} },
    ]);
  });

  it('depends_on long form, default network, environment map sorted', () => {
    expect(web.depends_on).toEqual({ db: { condition: 'service_started', required: true } });
    expect(web.networks).toEqual({ default: null });
    expect(Object.entries(web.environment as RawMapping)).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
  });

  it('durations as Go strings, sizes as byte strings, modes octal', () => {
    expect(web.healthcheck).toEqual({
      test: ['CMD-SHELL', 'true'],
      timeout: '1.5s',
      interval: '1m30s',
    });
    expect(Object.keys(web.healthcheck as RawMapping)).toEqual(['test', 'timeout', 'interval']);
    expect(web.stop_grace_period).toBe('1m0s');
    expect(web.mem_limit).toBe('1073741824');
    expect(web.secrets).toEqual([{ source: 's', target: '/run/secrets/s', mode: '0440' }]);
  });

  it('extra_hosts as a sorted host=ip list, single ulimits as numbers', () => {
    expect(web.extra_hosts).toEqual(['a=2.2.2.2', 'z=1.1.1.1']);
    expect(web.ulimits).toEqual({ nofile: 1024 });
  });

  it('top-level resources carry their names', () => {
    expect(output.networks).toEqual({ default: { name: 'demo_default' } });
    expect(output.volumes).toEqual({ data: { name: 'demo_data' } });
    expect(output.secrets).toEqual({ s: { file: '/w/s', name: 'demo_s' } });
  });

  it('leaves out empty sections but always prints services', () => {
    expect(render({ services: {} })).toEqual({ name: 'demo', services: {} });
  });
});
