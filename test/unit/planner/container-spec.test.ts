import { describe, expect, it } from 'vitest';
import {
  configChanges,
  containerSpecFor,
  dependencyGraph,
  describeChanges,
  serviceHash,
} from '../../../src/planner/index.js';
import { PlannerError } from '../../../src/planner/errors.js';
import { project } from './builders.js';

const resolved = { containerName: (service: string) => `app-${service}-1` };

describe('containerSpecFor', () => {
  const p = project(
    {
      vpn: {},
      web: {
        labels: { team: 'a' },
        environment: { A: '1', UNSET: null },
        command: ['sh', '-c', 'true'],
        ports: [
          { mode: 'ingress', target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'tcp' },
        ],
        volumes: [
          { type: 'volume', source: 'data', target: '/data', read_only: true },
          { type: 'volume', target: '/anon' },
          {
            type: 'bind',
            source: '/srv/app/conf',
            target: '/conf',
            bind: { create_host_path: true },
          },
          { type: 'tmpfs', target: '/cache', tmpfs: { size: 1024 } },
        ],
        tmpfs: ['/run:size=64m,mode=1777', '/tmp:noexec'],
        networks: { default: { aliases: ['www'] } },
        ipc: 'service:vpn',
        volumes_from: ['vpn:ro'],
        healthcheck: { test: ['CMD', 'true'], interval: 2_000_000_000, retries: 3 },
        restart: 'on-failure:5',
        stop_grace_period: 2_500_000_000,
        cap_add: ['NET_ADMIN'],
        depends_on: { vpn: { condition: 'service_healthy', required: true, restart: true } },
      },
    },
    { volumes: { data: {} } },
  );
  const spec = containerSpecFor(p, 'web', 2, { ...resolved, imageId: 'sha256:abc' });

  it('names the container and labels it like Docker Compose', () => {
    expect(spec.name).toBe('app-web-2');
    expect(spec.labels).toMatchObject({
      team: 'a',
      'com.docker.compose.project': 'app',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '2',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': serviceHash(p, 'web', resolved),
      'com.docker.compose.project.working_dir': '/srv/app',
      'com.docker.compose.project.config_files': '/srv/app/compose.yaml',
      'com.docker.compose.depends_on': 'vpn:service_healthy:true',
      'com.docker.compose.image': 'sha256:abc',
    });
  });

  it('resolves env, ports, mounts, tmpfs, aliases, healthcheck, restart and grace period', () => {
    expect(spec.env).toEqual(['A=1']);
    expect(spec.command).toEqual(['sh', '-c', 'true']);
    expect(spec.ports).toEqual([
      { target: 80, protocol: 'tcp', published: '8080', hostIp: '127.0.0.1' },
    ]);
    expect(spec.mounts).toEqual([
      { type: 'volume', source: 'app_data', target: '/data', readOnly: true, noCopy: false },
      { type: 'volume', target: '/anon', readOnly: false, noCopy: false },
      {
        type: 'bind',
        source: '/srv/app/conf',
        target: '/conf',
        readOnly: false,
        createHostPath: true,
      },
      { type: 'tmpfs', target: '/cache', sizeBytes: 1024 },
      { type: 'tmpfs', target: '/run', sizeBytes: 64 * 1024 * 1024, mode: 0o1777 },
    ]);
    expect(spec.networks).toEqual([{ name: 'app_default', aliases: ['app-web-2', 'web', 'www'] }]);
    expect(spec.healthcheck).toEqual({
      test: ['CMD', 'true'],
      intervalNs: 2_000_000_000,
      retries: 3,
    });
    expect(spec.restart).toEqual({ name: 'on-failure', maximumRetryCount: 5 });
    expect(spec.stopTimeoutSeconds).toBe(2);
  });

  it('puts everything else in extra, service: references resolved to container names', () => {
    expect(spec.extra).toEqual({
      cap_add: ['NET_ADMIN'],
      ipc: 'container:app-vpn-1',
      volumes_from: ['container:app-vpn-1:ro'],
      tmpfs: ['/tmp:noexec'],
    });
    const shared = containerSpecFor(
      project({ vpn: {}, app: { network_mode: 'service:vpn' } }),
      'app',
      1,
      resolved,
    );
    expect(shared.networkMode).toBe('container:app-vpn-1');
    expect(shared.networks).toEqual([]);
  });

  it('hashes service: references by the container they resolve to', () => {
    const q = project({ vpn: {}, app: { network_mode: 'service:vpn' } });
    expect(serviceHash(q, 'app', resolved)).not.toBe(
      serviceHash(q, 'app', { containerName: () => 'app-vpn-2' }),
    );
  });
});

describe('configChanges', () => {
  it('lists changed leaves with secret-looking values masked, ignoring fields outside the hash', () => {
    const changes = configChanges(
      {
        image: 'a',
        environment: { DB_PASSWORD: 'x', MODE: 'dev' },
        scale: 1,
        deploy: { replicas: 1 },
      },
      {
        image: 'b',
        environment: { DB_PASSWORD: 'y', MODE: 'dev', NEW: '1' },
        scale: 3,
        deploy: { replicas: 3 },
      },
    );
    expect(changes).toEqual([
      { field: 'environment.DB_PASSWORD', from: '***', to: '***' },
      { field: 'environment.NEW', to: '1' },
      { field: 'image', from: 'a', to: 'b' },
    ]);
    expect(describeChanges(changes)).toBe(
      'environment.DB_PASSWORD, environment.NEW, image changed',
    );
    expect(describeChanges([...changes, ...changes])).toBe(
      'environment.DB_PASSWORD, environment.NEW, image and 3 more changed',
    );
  });
});

describe('dependencyGraph', () => {
  it('adds implicit dependencies from links, service: references and volumes_from', () => {
    const p = project({
      a: {},
      b: { links: ['a:alias'] },
      c: { volumes_from: ['a'], pid: 'service:b' },
    });
    const graph = dependencyGraph(p);
    expect(graph.order).toEqual(['a', 'b', 'c']);
    expect(graph.dependencies.get('c')).toEqual([
      { service: 'a', condition: 'service_started', required: true, restart: false },
      { service: 'b', condition: 'service_started', required: true, restart: true },
    ]);
    expect(graph.dependents.get('a')).toEqual(['b', 'c']);
  });

  it('drops an optional dependency on a disabled service and rejects a required one', () => {
    const optional = project(
      { web: { depends_on: { debug: { condition: 'service_started', required: false } } } },
      { disabled: { debug: { profiles: ['debug'] } } },
    );
    expect(dependencyGraph(optional).dependencies.get('web')).toEqual([]);
    const required = project(
      { web: { depends_on: { debug: { condition: 'service_started', required: true } } } },
      { disabled: { debug: { profiles: ['debug'] } } },
    );
    expect(() => dependencyGraph(required)).toThrow(PlannerError);
    expect(() => dependencyGraph(required)).toThrow(
      /"debug" is required by "web" but is disabled.*\[debug\]/,
    );
  });
});
