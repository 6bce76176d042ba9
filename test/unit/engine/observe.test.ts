// observeProject against an in-memory engine: which calls it makes and how it types the answers.
import { describe, expect, it } from 'vitest';
import { observeProject, referencedImages } from '../../../src/engine/observe.js';
import {
  Label,
  type ContainerSummary,
  type Engine,
  type ImageSummary,
  type NetworkSummary,
  type VolumeSummary,
} from '../../../src/engine/types.js';
import type { Project, ServiceConfig } from '../../../src/spec/model.js';

function project(overrides: Partial<Project> = {}): Project {
  const service = (name: string, extra: Partial<ServiceConfig>): ServiceConfig => ({
    name,
    ...extra,
  });
  return {
    name: 'app',
    workingDir: '/srv/app',
    configFiles: ['/srv/app/compose.yaml'],
    environment: {},
    services: {
      web: service('web', { image: 'nginx:1.27' }),
      worker: service('worker', { image: 'nginx:1.27' }),
      api: service('api', { build: { context: '/srv/app/api' } }),
    },
    disabledServices: { debug: service('debug', { image: 'busybox:debug' }) },
    networks: {
      default: { name: 'app_default' },
      shared: { name: 'shared', external: true },
    },
    volumes: { data: { name: 'app_data' }, legacy: { name: 'legacy-data' } },
    secrets: {},
    configs: {},
    models: {},
    profiles: [],
    extensions: {},
    ...overrides,
  };
}

function container(
  name: string,
  labels: Record<string, string>,
  extra: Partial<ContainerSummary> = {},
): ContainerSummary {
  return {
    id: `id-${name}`,
    name,
    imageId: 'sha256:img',
    image: 'nginx:1.27',
    labels: { [Label.project]: 'app', ...labels },
    state: 'running',
    health: 'none',
    created: 1700000000,
    networks: ['app_default'],
    volumes: [],
    ...extra,
  };
}

interface FakeWorld {
  containers: ContainerSummary[];
  networks: NetworkSummary[];
  volumes: VolumeSummary[];
  images: Record<string, ImageSummary>;
}

/** Answers the read calls observeProject makes from plain data and records them. */
function fakeEngine(world: FakeWorld) {
  const calls: string[] = [];
  const byProject = (labels: Readonly<Record<string, string>>, p?: string) =>
    p === undefined || labels[Label.project] === p;
  const engine = {
    endpoint: 'fake',
    listContainers: async (f: { project?: string; all: boolean }) => {
      calls.push(`containers ${f.project} all=${f.all}`);
      return world.containers.filter((c) => byProject(c.labels, f.project));
    },
    listNetworks: async (f: { project?: string; names?: readonly string[] }) => {
      calls.push(`networks ${f.project ?? ''}${f.names ? `names=${f.names.join(',')}` : ''}`);
      return world.networks.filter(
        (n) => byProject(n.labels, f.project) && (!f.names || f.names.includes(n.name)),
      );
    },
    listVolumes: async (f: { project?: string; names?: readonly string[] }) => {
      calls.push(`volumes ${f.project ?? ''}${f.names ? `names=${f.names.join(',')}` : ''}`);
      return world.volumes.filter(
        (v) => byProject(v.labels, f.project) && (!f.names || f.names.includes(v.name)),
      );
    },
    inspectImage: async (reference: string) => {
      calls.push(`image ${reference}`);
      return world.images[reference];
    },
  };
  return { engine: engine as unknown as Engine, calls };
}

const ownLabels = { [Label.project]: 'app' };

describe('observeProject', () => {
  it('makes one list call per kind, one name lookup per kind, one inspect per distinct image', async () => {
    const { engine, calls } = fakeEngine({ containers: [], networks: [], volumes: [], images: {} });
    await observeProject(engine, project());
    expect(calls.sort()).toEqual([
      'containers app all=true',
      'image app-api',
      'image nginx:1.27',
      'networks app',
      'networks names=app_default,shared',
      'volumes app',
      'volumes names=app_data,legacy-data',
    ]);
  });

  it('types containers from their labels and sorts them by service, then number', async () => {
    const { engine } = fakeEngine({
      containers: [
        container('app-worker-1', { [Label.service]: 'worker', [Label.containerNumber]: '1' }),
        container(
          'app-web-10',
          {
            [Label.service]: 'web',
            [Label.containerNumber]: '10',
            [Label.configHash]: 'abc',
            [Label.image]: 'sha256:recorded',
          },
          { state: 'exited', health: undefined, exitCode: 137 },
        ),
        container('app-web-run-1f2e', {
          [Label.service]: 'web',
          [Label.containerNumber]: '1',
          [Label.oneoff]: 'True',
        }),
        container(
          'app-web-2',
          { [Label.service]: 'web', [Label.containerNumber]: '2', [Label.oneoff]: 'False' },
          {
            health: 'healthy',
          },
        ),
      ],
      networks: [],
      volumes: [],
      images: {},
    });
    const state = await observeProject(engine, project());
    expect(state.containers.map((c) => [c.name, c.service, c.number, c.oneoff])).toEqual([
      ['app-web-2', 'web', 2, false],
      ['app-web-10', 'web', 10, false],
      ['app-web-run-1f2e', 'web', 1, true],
      ['app-worker-1', 'worker', 1, false],
    ]);
    expect(state.containers[1]).toMatchObject({
      state: 'exited',
      exitCode: 137,
      configHash: 'abc',
      imageLabel: 'sha256:recorded',
      imageId: 'sha256:img',
    });
    expect(state.containers[1]).not.toHaveProperty('health');
    expect(state.containers[0]).toMatchObject({ health: 'healthy' });
    expect(state.containers[0]).not.toHaveProperty('configHash');
  });

  it('includes the project networks/volumes and the declared ones found by name, keyed by engine name', async () => {
    const { engine } = fakeEngine({
      containers: [],
      networks: [
        {
          id: 'n1',
          name: 'app_default',
          driver: 'bridge',
          labels: { ...ownLabels, [Label.configHash]: 'h1' },
        },
        { id: 'n2', name: 'shared', driver: 'bridge', labels: {} },
        { id: 'n3', name: 'unrelated', driver: 'bridge', labels: {} },
      ],
      volumes: [
        { name: 'app_data', driver: 'local', labels: ownLabels },
        { name: 'app_old', driver: 'local', labels: ownLabels },
        { name: 'legacy-data', driver: 'local', labels: {} },
      ],
      images: {},
    });
    const state = await observeProject(engine, project());
    expect(state.networks).toEqual({
      app_default: {
        id: 'n1',
        name: 'app_default',
        labels: { ...ownLabels, [Label.configHash]: 'h1' },
        configHash: 'h1',
      },
      shared: { id: 'n2', name: 'shared', labels: {} },
    });
    expect(Object.keys(state.volumes)).toEqual(['app_data', 'app_old', 'legacy-data']);
  });

  it('records present images by reference as written and leaves missing ones out', async () => {
    const { engine } = fakeEngine({
      containers: [],
      networks: [],
      volumes: [],
      images: {
        'nginx:1.27': {
          id: 'sha256:n',
          repoTags: ['nginx:1.27'],
          repoDigests: [],
          created: 42,
          labels: {},
        },
      },
    });
    const state = await observeProject(engine, project());
    expect(state.images).toEqual({ 'nginx:1.27': { id: 'sha256:n', created: 42_000 } });
    expect(state.project).toBe('app');
  });

  it('names images of enabled services only, with the default name for build-only services', () => {
    expect(referencedImages(project())).toEqual(['app-api', 'nginx:1.27']);
  });
});
