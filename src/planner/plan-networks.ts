import type { NetworkSpec } from '../engine/types.js';
import { Label } from '../engine/types.js';
import type { NetworkConfig, Project } from '../spec/model.js';
import { serviceNetworkKeys } from './container-networks.js';
import { TSCOMPOSE_VERSION } from './names.js';
import { isActive, stopId, type UpContext } from './plan-context.js';
import { networkConfigHash } from './service-hash.js';

function networkConfig(project: Project, key: string): NetworkConfig {
  return project.networks[key] ?? { name: `${project.name}_${key}` };
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** The network as the engine should create it, labelled like Docker Compose's. */
export function networkSpecFor(project: Project, key: string): NetworkSpec {
  const config = networkConfig(project, key);
  const ipam = config.ipam;
  return {
    name: config.name,
    ...(config.driver !== undefined && { driver: config.driver }),
    ...(config.driver_opts !== undefined && { driverOpts: config.driver_opts }),
    internal: config.internal === true,
    attachable: config.attachable === true,
    ...(config.enable_ipv6 !== undefined && { enableIpv6: config.enable_ipv6 }),
    ...(ipam !== undefined && {
      ipam: {
        ...(typeof ipam.driver === 'string' && { driver: ipam.driver }),
        config: Array.isArray(ipam.config) ? (ipam.config as Record<string, unknown>[]) : [],
        ...(stringRecord(ipam.options) && { options: stringRecord(ipam.options)! }),
      },
    }),
    labels: {
      ...config.labels,
      [Label.project]: project.name,
      [Label.network]: key,
      [Label.version]: TSCOMPOSE_VERSION,
      [Label.configHash]: networkConfigHash(config),
    },
  };
}

/** Keys of the networks the selected services attach to, sorted. */
export function usedNetworkKeys(project: Project, services: readonly string[]): string[] {
  const keys = new Set(services.flatMap((name) => serviceNetworkKeys(project.services[name]!)));
  return [...keys].sort();
}

/**
 * Networks first: missing ones are created, external ones must exist, one whose
 * configuration changed is recreated after the containers attached to it stop
 * (they are then recreated onto the new network).
 */
export function planNetworks(context: UpContext): void {
  const { project, actual, builder } = context;
  for (const key of usedNetworkKeys(project, context.selected)) {
    const config = networkConfig(project, key);
    const id = `network:${key}`;
    const observed = actual.networks[config.name];
    if (config.external === true) {
      if (observed) builder.unchanged(id, 'external, exists');
      else
        builder.block({
          resource: id,
          message: `network ${config.name} declared as external, but could not be found`,
          hint: `create it with \`docker network create ${config.name}\` or remove \`external: true\``,
        });
      continue;
    }
    const spec = networkSpecFor(project, key);
    if (!observed) {
      context.networkActions.set(
        key,
        builder.add({ type: 'network.create', id, network: key, spec, reason: 'not found' }),
      );
      continue;
    }
    if (observed.labels[Label.project] !== project.name) {
      builder.warn(
        `a network with name ${config.name} exists but was not created by tscompose; set \`external: true\` to use an existing network`,
      );
      builder.unchanged(id, 'exists, not created for this project');
      continue;
    }
    const hash = spec.labels[Label.configHash];
    if (observed.configHash === undefined || observed.configHash === hash) {
      builder.unchanged(id, 'up to date');
      continue;
    }
    const reason = 'configuration changed';
    const stops = actual.containers
      .filter((container) => !container.oneoff && container.networks.includes(config.name))
      .filter(isActive)
      .map((container) =>
        builder.has(stopId(container.service, container.number))
          ? stopId(container.service, container.number)
          : builder.add({
              type: 'container.stop',
              id: stopId(container.service, container.number),
              service: container.service,
              number: container.number,
              containerId: container.id,
              name: container.name,
              reason: `network ${config.name} is recreated`,
            }),
      );
    const removeId = builder.add(
      {
        type: 'network.remove',
        id: `network:${key}:remove`,
        network: key,
        name: config.name,
        reason,
      },
      stops,
    );
    context.networkActions.set(
      key,
      builder.add({ type: 'network.create', id, network: key, spec, reason }, [removeId]),
    );
    context.recreatedNetworks.add(key);
  }
}
