/**
 * A container's network while it runs: its own namespace (bridge networks),
 * the host's, an empty one (`none`), or another container's
 * (`container:<ref>`). Each network endpoint gets an address from the network
 * service, a veth into the namespace (eth0, eth1, … in attach order; eth0
 * carries the default route) and DNS names (name, aliases, short id,
 * hostname). Teardown releases all of it; the veths go with the namespace.
 */
import type { EndpointAllocation, NetworkNamespace } from '../../ports.js';
import type { ContainerDeps } from './deps.js';
import { emitNetworkEvent } from './events.js';
import { isActive, type ContainerRecord, type EndpointRecord } from './record.js';
import { dnsNames } from './shapes.js';
import { networkModeKind } from './validate.js';

export interface NetworkSetup {
  readonly namespace: NetworkNamespace;
  /** The first endpoint (address for /etc/hosts and port targets, gateway for DNS). */
  readonly primary?: EndpointAllocation;
}

/** Allocates, attaches and names one endpoint inside an existing namespace. */
export async function attachEndpoint(
  deps: ContainerDeps,
  record: ContainerRecord,
  endpoint: EndpointRecord,
  namespacePath: string,
  ifname: string,
  defaultRoute: boolean,
  /** Set for the first endpoint of a new namespace: the driver creates both at once. */
  createNamespaceOf?: string,
): Promise<EndpointAllocation> {
  const allocation = await deps.networks.allocate(endpoint.networkId, record.id, {
    ipv4Address: endpoint.config.IPAMConfig?.IPv4Address || undefined,
    mac: endpoint.config.MacAddress || undefined,
  });
  endpoint.allocation = allocation;
  endpoint.ifname = ifname;
  await deps.network.attach(
    namespacePath,
    {
      bridge: allocation.bridge,
      ifname,
      address: allocation.address,
      prefixLength: allocation.prefixLength,
      gateway: allocation.gateway,
      mac: allocation.mac,
      defaultRoute,
    },
    createNamespaceOf === undefined ? {} : { createNamespace: createNamespaceOf },
  );
  deps.networks.setNames(
    endpoint.networkId,
    record.id,
    dnsNames(record, endpoint),
    allocation.address,
  );
  emitNetworkEvent(
    deps,
    'connect',
    { id: endpoint.networkId, name: endpoint.networkName },
    record.id,
  );
  return allocation;
}

/** Frees one endpoint's names and address (the veth is removed by the caller or with the namespace). */
export async function releaseEndpoint(
  deps: ContainerDeps,
  record: ContainerRecord,
  endpoint: EndpointRecord,
): Promise<void> {
  if (endpoint.allocation === undefined) return;
  deps.networks.setNames(endpoint.networkId, record.id, [], endpoint.allocation.address);
  delete endpoint.allocation;
  delete endpoint.ifname;
  await deps.networks.release(endpoint.networkId, record.id);
  emitNetworkEvent(
    deps,
    'disconnect',
    { id: endpoint.networkId, name: endpoint.networkName },
    record.id,
  );
}

export async function setupNetworking(
  deps: ContainerDeps,
  record: ContainerRecord,
): Promise<NetworkSetup> {
  const mode = networkModeKind(record.hostConfig.NetworkMode);
  if (mode.kind === 'host' || mode.kind === 'none') return { namespace: { kind: mode.kind } };
  if (mode.kind === 'container') {
    const target = deps.registry.resolve(mode.ref);
    if (!isActive(target.state)) {
      throw new Error(`cannot join the network of a non running container: ${target.id}`);
    }
    const shared = networkModeKind(target.hostConfig.NetworkMode);
    if (shared.kind === 'host' || shared.kind === 'none')
      return { namespace: { kind: shared.kind } };
    if (target.netnsPath === undefined)
      throw new Error(`container ${target.id} has no network namespace`);
    const primary = Object.values(target.networks)[0]?.allocation;
    return { namespace: { kind: 'path', path: target.netnsPath }, primary };
  }
  const endpoints = Object.values(record.networks);
  // With an endpoint, the namespace is made together with the first one.
  const path =
    endpoints.length > 0
      ? deps.network.namespacePath(record.id)
      : await deps.network.createNamespace(record.id);
  record.netnsPath = path;
  let primary: EndpointAllocation | undefined;
  let index = 0;
  for (const endpoint of endpoints) {
    const allocation = await attachEndpoint(
      deps,
      record,
      endpoint,
      path,
      `eth${index}`,
      index === 0,
      index === 0 ? record.id : undefined,
    );
    primary ??= allocation;
    index += 1;
  }
  return { namespace: { kind: 'path', path }, primary };
}

export async function teardownNetworking(
  deps: ContainerDeps,
  record: ContainerRecord,
): Promise<void> {
  for (const endpoint of Object.values(record.networks)) {
    await releaseEndpoint(deps, record, endpoint).catch((error: unknown) =>
      deps.warn(`releasing ${record.name}'s address on ${endpoint.networkName}: ${String(error)}`),
    );
  }
  if (record.netnsPath !== undefined) {
    const ifnames = Object.values(record.networks)
      .map((endpoint) => endpoint.ifname)
      .filter((ifname): ifname is string => typeof ifname === 'string');
    await deps.network
      .removeNamespace(record.id, ifnames)
      .catch((error: unknown) =>
        deps.warn(`removing ${record.name}'s network namespace: ${String(error)}`),
      );
    delete record.netnsPath;
  }
}

/** The first interface name not used by the container's endpoints. */
export function freeInterfaceName(record: ContainerRecord): string {
  const used = new Set(Object.values(record.networks).map((endpoint) => endpoint.ifname));
  for (let index = 0; ; index += 1) if (!used.has(`eth${index}`)) return `eth${index}`;
}
