import { describe, expect, it } from 'vitest';
import { normalizeProject, toCanonicalModel } from '../../../src/spec/normalize/index.js';
import type { RawMapping } from '../../../src/spec/raw.js';

const options = {
  projectName: 'demo',
  workingDir: '/w',
  configFiles: ['/w/compose.yaml'],
  environment: { FROM_ENV: 'env-value', ARG_ENV: 'arg-value' },
  warn: () => {},
};

function load(model: RawMapping) {
  return normalizeProject(toCanonicalModel(model, { warn: () => {} }), options);
}

describe('§10.4 normalization', () => {
  it('pull_policy if_not_present → missing', () => {
    expect(
      load({ services: { a: { image: 'x', pull_policy: 'if_not_present' } } }).services.a!
        .pull_policy,
    ).toBe('missing');
  });

  it('build: context resolved, dockerfile default, args resolved or dropped', () => {
    const build = load({
      services: { a: { build: { args: { A: '1', ARG_ENV: null, UNKNOWN: null } } } },
    }).services.a!.build;
    expect(build).toEqual({
      context: '/w',
      dockerfile: 'Dockerfile',
      args: { A: '1', ARG_ENV: 'arg-value' },
    });
  });

  it('build: no default dockerfile with dockerfile_inline; remote context kept', () => {
    const build = load({
      services: {
        a: { build: { context: 'https://github.com/x/y.git', dockerfile_inline: 'FROM x' } },
      },
    }).services.a!.build;
    expect(build).toEqual({ context: 'https://github.com/x/y.git', dockerfile_inline: 'FROM x' });
  });

  it('environment keys without value resolved, kept valueless when unknown', () => {
    const environment = load({
      services: { a: { image: 'x', environment: ['FROM_ENV', 'NOPE', 'SET=1'] } },
    }).services.a!.environment;
    expect(environment).toEqual({ FROM_ENV: 'env-value', NOPE: null, SET: '1' });
  });

  it('implicit depends_on from links, network_mode/ipc/pid/uts/cgroup and volumes_from', () => {
    const dependsOn = load({
      services: {
        a: {
          image: 'x',
          links: ['l1:alias'],
          network_mode: 'service:n',
          ipc: 'service:i',
          pid: 'service:p',
          uts: 'service:u',
          cgroup: 'service:c',
          volumes_from: ['v:ro', 'container:other'],
          depends_on: { i: { condition: 'service_healthy' } },
        },
      },
    }).services.a!.depends_on;
    const started = (restart: boolean) => ({
      condition: 'service_started',
      restart,
      required: true,
    });
    expect(dependsOn).toEqual({
      i: { condition: 'service_healthy', required: true },
      l1: started(true),
      n: started(true),
      p: started(true),
      u: started(true),
      c: started(true),
      v: started(false),
    });
  });

  it('default network only when used; not with network_mode; names prefixed', () => {
    const project = load({
      services: {
        a: { image: 'x' },
        b: { image: 'x', network_mode: 'host' },
        c: { image: 'x', networks: [] },
      },
    });
    expect(project.services.a!.networks).toEqual({ default: null });
    expect(project.services.b!.networks).toBeUndefined();
    expect(project.services.c!.networks).toEqual({ default: null });
    expect(project.networks).toEqual({ default: { name: 'demo_default' } });
    expect(load({ services: { b: { image: 'x', network_mode: 'host' } } }).networks).toEqual({});
  });

  it('resource names: <project>_<key>, external key, explicit name', () => {
    const project = load({
      services: {},
      volumes: {
        data: {},
        ext: { external: true },
        named: { name: 'exact' },
        old: { external: { name: 'legacy' } },
      },
      secrets: { s: { file: '/s' } },
      configs: { c: { content: 'x' } },
      networks: { front: null },
    });
    expect(project.volumes).toEqual({
      data: { name: 'demo_data' },
      ext: { name: 'ext', external: true },
      named: { name: 'exact' },
      old: { name: 'legacy', external: true },
    });
    expect(project.secrets.s!.name).toBe('demo_s');
    expect(project.configs.c!.name).toBe('demo_c');
    expect(project.networks.front!.name).toBe('demo_front');
  });

  it('pre_start image defaults to the service image', () => {
    const hooks = load({ services: { a: { image: 'img', pre_start: [{ command: ['x'] }] } } })
      .services.a!.pre_start;
    expect(hooks).toEqual([{ command: ['x'], image: 'img' }]);
  });

  it('binds durations to ns, sizes to bytes, modes to numbers, commands to words', () => {
    const service = load({
      services: {
        a: {
          image: 'x',
          command: 'sh -c "echo hi there"',
          healthcheck: { test: 'curl -f x', interval: '1m30s', timeout: '1.5s' },
          stop_grace_period: '10s',
          mem_limit: '2gb',
          shm_size: '640kb',
          secrets: [{ source: 's', mode: '0440' }],
          ulimits: { nproc: 65535, nofile: { soft: 1, hard: 2 } },
          extra_hosts: ['h=1.2.3.4'],
          deploy: {
            resources: { limits: { memory: '1g', cpus: '0.5' } },
            restart_policy: { delay: '5s' },
          },
          volumes: [{ type: 'tmpfs', target: '/t', tmpfs: { size: '1m' } }],
        },
      },
      secrets: { s: { file: '/s' } },
    }).services.a!;
    expect(service.command).toEqual(['sh', '-c', 'echo hi there']);
    expect(service.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f x'],
      interval: 90e9,
      timeout: 1.5e9,
    });
    expect(service.stop_grace_period).toBe(10e9);
    expect(service.mem_limit).toBe(2 * 1024 ** 3);
    expect(service.shm_size).toBe(655360);
    expect(service.secrets![0]!.mode).toBe(0o440);
    expect(service.ulimits).toEqual({ nproc: { single: 65535 }, nofile: { soft: 1, hard: 2 } });
    expect(service.extra_hosts).toEqual([{ host: 'h', ip: '1.2.3.4' }]);
    expect(service.deploy!.resources!.limits).toEqual({ memory: 1024 ** 3, cpus: 0.5 });
    expect(service.deploy!.restart_policy).toEqual({ delay: 5e9 });
    expect(service.volumes![0]!.tmpfs).toEqual({ size: 1024 ** 2 });
    expect(service.name).toBe('a');
  });

  it('reports bad formats with their key path', () => {
    expect(() =>
      load({ services: { a: { image: 'x', healthcheck: { interval: '10' } } } }),
    ).toThrow(/services\.a\.healthcheck\.interval: missing unit in duration "10"/);
    expect(() => load({ services: { a: { image: 'x', mem_limit: 'lots' } } })).toThrow(
      /services\.a\.mem_limit: invalid size/,
    );
  });

  it('keeps project identity, x-* keys and nothing is lost', () => {
    const project = load({
      name: 'ignored',
      services: { a: { image: 'x', 'x-a': 1, tty: true } },
      'x-top': { k: 1 },
    });
    expect(project.name).toBe('demo');
    expect(project.extensions).toEqual({ 'x-top': { k: 1 } });
    expect(project.services.a!['x-a']).toBe(1);
    expect(project.services.a!.tty).toBe(true);
    expect(project.disabledServices).toEqual({});
  });
});
