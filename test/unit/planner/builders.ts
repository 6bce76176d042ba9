/**
 * Builders for planner tests: a project from a few service deltas, plan options
 * with Docker Compose's defaults, and the observed state that exactly matches a
 * project (`convergedState`), so each test states only its delta.
 */
import { createHash } from 'node:crypto';
import type {
  NetworkConfig,
  Project,
  ServiceConfig,
  VolumeConfig,
} from '../../../src/spec/model.js';
import {
  containerName,
  containerSpecFor,
  expectedScale,
  networkSpecFor,
  serviceHash,
  serviceImage,
  volumeSpecFor,
} from '../../../src/planner/index.js';
import { serviceNetworkKeys } from '../../../src/planner/container-networks.js';
import { namedVolumeKeys } from '../../../src/planner/container-mounts.js';
import type {
  ActualState,
  DownPlanOptions,
  ObservedContainer,
  UpPlanOptions,
} from '../../../src/planner/types.js';

/** The injected clock of every test: 2026-01-01T00:00:00Z. */
export const NOW = Date.UTC(2026, 0, 1);

export type ServiceDelta = Partial<ServiceConfig>;

/** A project named `app` in /srv/app; services default to `image: busybox` on the default network. */
export function project(
  services: Record<string, ServiceDelta>,
  top: {
    networks?: Record<string, Partial<NetworkConfig>>;
    volumes?: Record<string, Partial<VolumeConfig>>;
    disabled?: Record<string, ServiceDelta>;
  } = {},
): Project {
  const name = 'app';
  const build = (key: string, delta: ServiceDelta): ServiceConfig => ({
    name: key,
    image: 'busybox',
    ...(delta.network_mode === undefined &&
      delta.networks === undefined && { networks: { default: null } }),
    ...delta,
  });
  const serviceMap = Object.fromEntries(
    Object.entries(services).map(([key, delta]) => [key, build(key, delta)]),
  );
  const resources = <T extends { name: string }>(
    given: Record<string, Partial<T>>,
  ): Record<string, T> =>
    Object.fromEntries(
      Object.entries(given).map(([key, config]) => [
        key,
        { ...config, name: config.name ?? (config.external ? key : `${name}_${key}`) } as T,
      ]),
    );
  const networks = resources<NetworkConfig>(top.networks ?? {});
  const usesDefault = Object.values(serviceMap).some(
    (service) => 'default' in (service.networks ?? {}),
  );
  if (usesDefault && !networks.default) networks.default = { name: `${name}_default` };
  return {
    name,
    workingDir: '/srv/app',
    configFiles: ['/srv/app/compose.yaml'],
    environment: {},
    services: serviceMap,
    disabledServices: Object.fromEntries(
      Object.entries(top.disabled ?? {}).map(([key, delta]) => [key, build(key, delta)]),
    ),
    networks,
    volumes: resources<VolumeConfig>(top.volumes ?? {}),
    secrets: {},
    configs: {},
    models: {},
    profiles: [],
    extensions: {},
  };
}

export function upOptions(delta: Partial<UpPlanOptions> = {}): UpPlanOptions {
  return {
    kind: 'up',
    services: [],
    noDeps: false,
    recreate: 'diverged',
    recreateDependencies: 'diverged',
    renewAnonVolumes: false,
    scale: {},
    removeOrphans: false,
    build: 'auto',
    noStart: false,
    now: NOW,
    ...delta,
  };
}

export function downOptions(delta: Partial<DownPlanOptions> = {}): DownPlanOptions {
  return { kind: 'down', services: [], removeOrphans: false, volumes: false, ...delta };
}

/** A fake but stable image id for a reference. */
export function imageId(reference: string): string {
  return `sha256:${createHash('sha256').update(reference).digest('hex')}`;
}

export function emptyState(): ActualState {
  return { project: 'app', containers: [], networks: {}, volumes: {}, images: {} };
}

/** The containers, networks, volumes and images `up` would leave behind for `p`. */
export function convergedState(
  p: Project,
  scale: Readonly<Record<string, number>> = {},
): ActualState {
  const resolved = {
    containerName: (service: string) =>
      p.services[service] ? containerName(p, p.services[service], 1) : undefined,
  };
  const images: Record<string, { id: string; created: number }> = {};
  const networks: Record<string, ActualState['networks'][string]> = {};
  const volumes: Record<string, ActualState['volumes'][string]> = {};
  const containers: ObservedContainer[] = [];
  for (const [serviceName, service] of Object.entries(p.services).sort()) {
    const reference = serviceImage(p, service);
    images[reference] = { id: imageId(reference), created: NOW - 60_000 };
    for (const key of serviceNetworkKeys(service)) {
      const config = p.networks[key]!;
      const labels = config.external ? {} : networkSpecFor(p, key).labels;
      networks[config.name] = {
        id: `net-${key}`,
        name: config.name,
        labels,
        ...(config.external ? {} : { configHash: labels['com.docker.compose.config-hash']! }),
      };
    }
    for (const key of namedVolumeKeys(service)) {
      const config = p.volumes[key];
      if (!config) continue;
      const labels = config.external ? {} : volumeSpecFor(p, key).labels;
      volumes[config.name] = {
        name: config.name,
        labels,
        ...(config.external ? {} : { configHash: labels['com.docker.compose.config-hash']! }),
      };
    }
    const hash = serviceHash(p, serviceName, resolved);
    for (let number = 1; number <= expectedScale(service, scale); number++) {
      const spec = containerSpecFor(p, serviceName, number, {
        ...resolved,
        imageId: images[reference].id,
      });
      containers.push({
        id: `id-${serviceName}-${number}`,
        name: spec.name,
        service: serviceName,
        number,
        oneoff: false,
        state: 'running',
        ...(service.healthcheck && { health: 'healthy' as const }),
        imageId: images[reference].id,
        configHash: hash,
        imageLabel: images[reference].id,
        labels: spec.labels,
        networks: spec.networks.map((network) => network.name),
        volumes: spec.mounts.flatMap((mount) =>
          mount.type === 'volume' && mount.source ? [mount.source] : [],
        ),
        created: NOW - 30_000,
      });
    }
  }
  return { project: p.name, containers, networks, volumes, images };
}

/** `state` with the containers of `service` changed by `change`. */
export function withContainers(
  state: ActualState,
  service: string,
  change: (container: ObservedContainer) => ObservedContainer | undefined,
): ActualState {
  return {
    ...state,
    containers: state.containers.flatMap((container) => {
      if (container.service !== service) return [container];
      const changed = change(container);
      return changed ? [changed] : [];
    }),
  };
}

/** An observed container of `service` number `number`, for orphans and scale tests. */
export function observedContainer(
  service: string,
  number: number,
  delta: Partial<ObservedContainer> = {},
): ObservedContainer {
  return {
    id: `id-${service}-${number}`,
    name: `app-${service}-${number}`,
    service,
    number,
    oneoff: false,
    state: 'running',
    imageId: imageId('busybox'),
    labels: {},
    networks: ['app_default'],
    volumes: [],
    created: NOW - 30_000,
    ...delta,
  };
}
