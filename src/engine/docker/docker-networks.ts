/** Network operations of the Docker backend (error mapping is `DockerEngine.call`'s). */
import type Dockerode from 'dockerode';
import type { NetworkAttachment, NetworkSpec, NetworkSummary } from '../types.js';
import { endpointSettings } from './create-body.js';
import { namedListQuery } from './docker-filters.js';

export async function listNetworks(
  docker: Dockerode,
  filter: { readonly project?: string; readonly names?: readonly string[] },
): Promise<NetworkSummary[]> {
  const query = namedListQuery(filter);
  if (!query.options) return [];
  const raw = await docker.listNetworks(query.options);
  return raw
    .filter((n) => query.keep(n.Name))
    .map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver ?? '', labels: n.Labels ?? {} }));
}

function ipamBody(ipam: NonNullable<NetworkSpec['ipam']>): Record<string, unknown> {
  const keys: Record<string, string> = {
    subnet: 'Subnet',
    ip_range: 'IPRange',
    gateway: 'Gateway',
    aux_addresses: 'AuxiliaryAddresses',
  };
  return {
    Driver: ipam.driver ?? 'default',
    Config: ipam.config.map((entry) =>
      Object.fromEntries(Object.entries(entry).map(([key, value]) => [keys[key] ?? key, value])),
    ),
    Options: { ...(ipam.options ?? {}) },
  };
}

export async function createNetwork(docker: Dockerode, spec: NetworkSpec): Promise<{ id: string }> {
  const network = await docker.createNetwork({
    Name: spec.name,
    CheckDuplicate: true,
    ...(spec.driver ? { Driver: spec.driver } : {}),
    Options: { ...(spec.driverOpts ?? {}) },
    Internal: spec.internal,
    Attachable: spec.attachable,
    ...(spec.enableIpv6 !== undefined ? { EnableIPv6: spec.enableIpv6 } : {}),
    ...(spec.ipam ? { IPAM: ipamBody(spec.ipam) } : {}),
    Labels: { ...spec.labels },
  } as Dockerode.NetworkCreateOptions);
  return { id: network.id };
}

export async function connectNetwork(
  docker: Dockerode,
  network: string,
  container: string,
  attachment: NetworkAttachment,
): Promise<void> {
  await docker.getNetwork(network).connect({
    Container: container,
    EndpointConfig: endpointSettings(attachment, true),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often, and how long apart, a removal refused for "active endpoints" is retried. */
export const NETWORK_REMOVE_ATTEMPTS = 8;
const NETWORK_REMOVE_BACKOFF_MS = 250;

export class NetworkInUseError extends Error {
  override readonly name = 'NetworkInUseError';
}

/**
 * Right after its containers are removed the engine can still report a network's
 * endpoints as active (DESIGN.md engine facts): retry a bounded number of times,
 * then say which network is stuck and what usually frees it.
 */
export async function removeNetwork(
  docker: Dockerode,
  idOrName: string,
  delay: (ms: number) => Promise<unknown> = sleep,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await docker.getNetwork(idOrName).remove();
      return;
    } catch (error) {
      const message = String(
        (error as { json?: { message?: string } }).json?.message ?? (error as Error).message,
      );
      if (!/active endpoints/i.test(message)) throw error;
      if (attempt >= NETWORK_REMOVE_ATTEMPTS) {
        throw new NetworkInUseError(
          `network ${idOrName} still has active endpoints after ${attempt} attempts; remove or disconnect the containers attached to it (docker network inspect ${idOrName}), or restart the Docker daemon if none are left`,
          { cause: error },
        );
      }
      await delay(NETWORK_REMOVE_BACKOFF_MS * attempt);
    }
  }
}
