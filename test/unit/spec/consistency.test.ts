import { describe, expect, it } from 'vitest';
import { checkConsistency } from '../../../src/spec/consistency.js';
import { formatKeyPath } from '../../../src/spec/key-path.js';
import type { Project, ServiceConfig } from '../../../src/spec/model.js';
import { buildProject } from './project-builder.js';

type Services = Record<string, Partial<ServiceConfig>>;

function problems(services: Services, rest: Partial<Project> = {}): string[] {
  return checkConsistency(buildProject(services, rest), { warn: () => {} }).map(
    (diagnostic) => `${formatKeyPath(diagnostic.path ?? [])}: ${diagnostic.message}`,
  );
}

const started = { condition: 'service_started' as const, required: true };
const net = { front: { name: 'demo_front' } };

describe('§12 consistency rules', () => {
  it.each<[string, Services, Partial<Project>, string | undefined]>([
    [
      'no image nor build',
      { a: {} },
      {},
      'services.a: service "a" has neither an image nor a build context specified',
    ],
    ['image is enough', { a: { image: 'x' } }, {}, undefined],
    ['build is enough', { a: { build: { context: '/w' } } }, {}, undefined],
    ['provider is enough', { a: { provider: { type: 'model' } } }, {}, undefined],
    [
      'dockerfile + dockerfile_inline',
      { a: { build: { context: '/w', dockerfile: 'D', dockerfile_inline: 'FROM x' } } },
      {},
      'services.a.build: service "a" declares mutually exclusive dockerfile and dockerfile_inline',
    ],
    [
      'dockerfile_inline alone',
      { a: { build: { context: '/w', dockerfile_inline: 'FROM x' } } },
      {},
      undefined,
    ],
    [
      'additional context on unknown service',
      { a: { build: { context: '/w', additional_contexts: { base: 'service:nope' } } } },
      {},
      'services.a.build.additional_contexts.base: build.additional_contexts "base" refers to undefined service "nope"',
    ],
    [
      'additional context on service without build',
      {
        a: { build: { context: '/w', additional_contexts: { base: 'service:b' } } },
        b: { image: 'x' },
      },
      {},
      'services.a.build.additional_contexts.base: build.additional_contexts "base" refers to service "b" which has no build section',
    ],
    [
      'additional context on buildable service',
      {
        a: { build: { context: '/w', additional_contexts: { base: 'service:b' } } },
        b: { build: { context: '/b' } },
      },
      {},
      undefined,
    ],
    [
      'platform not in build.platforms',
      { a: { platform: 'linux/arm64', build: { context: '/w', platforms: ['linux/amd64'] } } },
      {},
      'services.a.platform: service.platform "linux/arm64" should be part of the service.build.platforms: [linux/amd64]',
    ],
    [
      'platform in build.platforms',
      { a: { platform: 'linux/amd64', build: { context: '/w', platforms: ['linux/amd64'] } } },
      {},
      undefined,
    ],
    [
      'network_mode + networks',
      { a: { image: 'x', network_mode: 'host', networks: { front: null } } },
      { networks: net },
      'services.a.network_mode: service "a" declares mutually exclusive network_mode and networks',
    ],
    [
      'network_mode service:x unknown',
      { a: { image: 'x', network_mode: 'service:ghost' } },
      {},
      'services.a.network_mode: service "ghost" not found for network_mode "service:ghost"',
    ],
    [
      'network_mode service:x known',
      {
        a: { image: 'x', network_mode: 'service:b', depends_on: { b: started } },
        b: { image: 'x' },
      },
      {},
      undefined,
    ],
    [
      'unknown network',
      { a: { image: 'x', networks: { back: null } } },
      { networks: net },
      'services.a.networks.back: service "a" refers to undefined network "back"',
    ],
    [
      'known network',
      { a: { image: 'x', networks: { front: null } } },
      { networks: net },
      undefined,
    ],
    [
      'unknown named volume',
      { a: { image: 'x', volumes: [{ type: 'volume', source: 'data', target: '/d' }] } },
      {},
      'services.a.volumes[0]: service "a" refers to undefined volume "data"',
    ],
    [
      'anonymous volume and bind need no declaration',
      {
        a: {
          image: 'x',
          volumes: [
            { type: 'volume', target: '/d' },
            { type: 'bind', source: '/h', target: '/e' },
          ],
        },
      },
      {},
      undefined,
    ],
    [
      'unknown secret',
      { a: { image: 'x', secrets: [{ source: 's' }] } },
      {},
      'services.a.secrets[0]: service "a" refers to undefined secret "s"',
    ],
    [
      'unknown build secret',
      { a: { build: { context: '/w', secrets: [{ source: 's' }] } } },
      {},
      'services.a.build.secrets[0]: service "a" refers to undefined build secret "s"',
    ],
    [
      'unknown config',
      { a: { image: 'x', configs: [{ source: 'c' }] } },
      {},
      'services.a.configs[0]: service "a" refers to undefined config "c"',
    ],
    [
      'unknown model',
      { a: { image: 'x', models: { m: null } } },
      {},
      'services.a.models.m: service "a" refers to undefined model "m"',
    ],
    [
      'bad healthcheck test',
      { a: { image: 'x', healthcheck: { test: ['curl', 'x'] } } },
      {},
      'services.a.healthcheck.test: healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
    ],
    [
      'good healthcheck test',
      { a: { image: 'x', healthcheck: { test: ['CMD-SHELL', 'true'] } } },
      {},
      undefined,
    ],
    [
      'unknown depends_on',
      { a: { image: 'x', depends_on: { b: started } } },
      {},
      'services.a.depends_on.b: service "a" depends on undefined service "b"',
    ],
    [
      'scale ≠ deploy.replicas',
      { a: { image: 'x', scale: 2, deploy: { replicas: 3 } } },
      {},
      "services.a.scale: can't set distinct values on 'scale' and 'deploy.replicas'",
    ],
    [
      'scale = deploy.replicas',
      { a: { image: 'x', scale: 2, deploy: { replicas: 2 } } },
      {},
      undefined,
    ],
    [
      'negative scale',
      { a: { image: 'x', scale: -1 } },
      {},
      'services.a.scale: scale must be greater than or equal to 0',
    ],
    [
      'negative replicas',
      { a: { image: 'x', deploy: { replicas: -1 } } },
      {},
      'services.a.deploy.replicas: replicas must be greater than or equal to 0',
    ],
    [
      'container_name with 2 replicas',
      { a: { image: 'x', container_name: 'c', deploy: { replicas: 2 } } },
      {},
      'services.a.container_name: service "a" cannot be scaled beyond 1 replica: container_name "c" must be unique',
    ],
    [
      'container_name with 1 replica',
      { a: { image: 'x', container_name: 'c', scale: 1 } },
      {},
      undefined,
    ],
    [
      'mem_limit ≠ deploy limits memory',
      { a: { image: 'x', mem_limit: 1024, deploy: { resources: { limits: { memory: 2048 } } } } },
      {},
      "services.a.mem_limit: can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'",
    ],
    [
      'cpus ≠ deploy limits cpus',
      { a: { image: 'x', cpus: 1, deploy: { resources: { limits: { cpus: 0.5 } } } } },
      {},
      "services.a.cpus: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'",
    ],
    [
      'mem_reservation ≠ reservations memory',
      {
        a: {
          image: 'x',
          mem_reservation: 1,
          deploy: { resources: { reservations: { memory: 2 } } },
        },
      },
      {},
      "services.a.mem_reservation: can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'",
    ],
    [
      'pids_limit ≠ limits pids',
      { a: { image: 'x', pids_limit: 10, deploy: { resources: { limits: { pids: 20 } } } } },
      {},
      "services.a.pids_limit: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'",
    ],
    [
      'equal limits',
      {
        a: {
          image: 'x',
          cpus: 0.5,
          mem_limit: 1024,
          deploy: { resources: { limits: { cpus: '0.5', memory: 1024 } } },
        },
      },
      {},
      undefined,
    ],
    [
      'watch sync without target',
      { a: { image: 'x', develop: { watch: [{ path: '/s', action: 'sync' }] } } },
      {},
      'services.a.develop.watch[0]: watch action "sync" requires a target',
    ],
    [
      'watch rebuild without target',
      {
        a: {
          image: 'x',
          develop: {
            watch: [
              { path: '/s', action: 'rebuild' },
              { path: '/t', action: 'restart' },
            ],
          },
        },
      },
      {},
      undefined,
    ],
    [
      'two mounts on one target',
      {
        a: {
          image: 'x',
          volumes: [{ type: 'bind', source: '/h', target: '/d' }],
          tmpfs: ['/d:size=1m'],
        },
      },
      {},
      'services.a.tmpfs[0]: duplicate mount target "/d"',
    ],
    [
      'distinct mount targets',
      { a: { image: 'x', volumes: [{ type: 'bind', source: '/h', target: '/d' }], tmpfs: ['/t'] } },
      {},
      undefined,
    ],
    [
      'gpus count with device_ids',
      { a: { image: 'x', gpus: [{ count: 1, device_ids: ['0'] }] } },
      {},
      'services.a.gpus[0]: invalid "count" and "device_ids" are mutually exclusive',
    ],
    ['gpus count alone', { a: { image: 'x', gpus: [{ count: 1 }] } }, {}, undefined],
    [
      'secret without file or environment',
      {},
      { secrets: { s: { name: 'demo_s' } } },
      'secrets.s: secret "s" must declare either "file" or "environment"',
    ],
    [
      'external secret needs no file',
      {},
      { secrets: { s: { name: 's', external: true } } },
      undefined,
    ],
    [
      'config with two sources',
      {},
      { configs: { c: { name: 'demo_c', file: '/c', content: 'x' } } },
      'configs.c: config "c" must declare exactly one of "file", "environment" or "content"',
    ],
    [
      'external with driver',
      {},
      { networks: { n: { name: 'n', external: true, driver: 'bridge' } } },
      'networks.n.driver: conflicting parameters "external" and "driver" specified for network "n"',
    ],
    [
      'external with name and x-*',
      {},
      { volumes: { v: { name: 'real', external: true, 'x-a': 1 } } },
      undefined,
    ],
  ])('%s', (_name, services, rest, expected) => {
    expect(problems(services, rest)).toEqual(expected === undefined ? [] : [expected]);
  });
});

describe('dependency cycles', () => {
  it('prints the cycle', () => {
    expect(
      problems({
        a: { image: 'x', depends_on: { b: started } },
        b: { image: 'x', depends_on: { a: started } },
      }),
    ).toEqual(['services.b.depends_on.a: dependency cycle detected: a -> b -> a']);
  });
  it('a self dependency is a cycle', () => {
    expect(problems({ a: { image: 'x', depends_on: { a: started } } })).toEqual([
      'services.a.depends_on.a: dependency cycle detected: a -> a',
    ]);
  });
  it('a diamond is not a cycle', () => {
    expect(
      problems({
        a: { image: 'x', depends_on: { b: started, c: started } },
        b: { image: 'x', depends_on: { d: started } },
        c: { image: 'x', depends_on: { d: started } },
        d: { image: 'x' },
      }),
    ).toEqual([]);
  });
});

describe('published ports that certainly clash', () => {
  const port = (published: string | undefined, extra: Record<string, unknown> = {}) => ({
    mode: 'ingress',
    target: 80,
    protocol: 'tcp',
    ...(published === undefined ? {} : { published }),
    ...extra,
  });
  it.each<[string, object[], object[], boolean]>([
    ['same port, no ip', [port('8080')], [port('8080')], true],
    [
      'same port, one on 0.0.0.0',
      [port('8080', { host_ip: '0.0.0.0' })],
      [port('8080', { host_ip: '127.0.0.1' })],
      true,
    ],
    [
      'same port, same ip',
      [port('8080', { host_ip: '127.0.0.1' })],
      [port('8080', { host_ip: '127.0.0.1' })],
      true,
    ],
    [
      'same port, different ips',
      [port('8080', { host_ip: '127.0.0.1' })],
      [port('8080', { host_ip: '127.0.0.2' })],
      false,
    ],
    ['same port, other protocol', [port('53')], [port('53', { protocol: 'udp' })], false],
    ['ephemeral ports', [port(undefined)], [port(undefined)], false],
    ['ranges are left to the engine', [port('8000-8010')], [port('8000-8010')], false],
  ])('%s', (_name, first, second, clashes) => {
    const found = problems({
      a: { image: 'x', ports: first as never },
      b: { image: 'x', ports: second as never },
    });
    expect(found).toEqual(
      clashes
        ? [
            expect.stringMatching(
              /^services\.b\.ports\[0\]: port \d+\/\w+ is already published by service "a"$/,
            ),
          ]
        : [],
    );
  });
});

describe('diagnostics', () => {
  it('carry the position found by locate', () => {
    const position = { file: '/w/compose.yaml', line: 3, column: 5 };
    const [diagnostic] = checkConsistency(buildProject({ a: {} }), {
      warn: () => {},
      locate: () => position,
    });
    expect(diagnostic).toMatchObject({
      severity: 'error',
      code: 'service.no-image',
      path: ['services', 'a'],
      position,
    });
  });
});
