/**
 * `POST /networks/{id}/connect|disconnect` for a container. A created
 * container only has its endpoint list changed (compose 1.29 disconnects and
 * reconnects with aliases before the start); a running one gets the veth,
 * address and DNS names at once, or loses them.
 */
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';
import { resolveNetwork } from './create.js';
import type { ContainerDeps } from './deps.js';
import { attachEndpoint, freeInterfaceName, releaseEndpoint } from './networking.js';
import { isActive } from './record.js';
import { networkModeKind } from './validate.js';

export async function connectNetwork(
  deps: ContainerDeps,
  ref: string,
  body: { Container: string; EndpointConfig?: Dockerode.EndpointSettings },
): Promise<void> {
  const network = await resolveNetwork(deps, ref);
  const record = deps.registry.resolve(body.Container);
  await deps.registry.withLock(record.id, async () => {
    if (networkModeKind(record.hostConfig.NetworkMode).kind !== 'network') {
      throw new EngineApiError(
        400,
        'container sharing network namespace with another container or host cannot be connected to any other network',
      );
    }
    if (record.networks[network.name] !== undefined) {
      throw new EngineApiError(
        403,
        `endpoint with name ${record.name} already exists in network ${network.name}`,
      );
    }
    const { NetworkID: _id, EndpointID: _endpoint, ...config } = body.EndpointConfig ?? {};
    const endpoint = { networkId: network.id, networkName: network.name, config };
    record.networks[network.name] = endpoint;
    if (isActive(record.state) && record.netnsPath !== undefined) {
      const ifname = freeInterfaceName(record);
      try {
        await attachEndpoint(deps, record, endpoint, record.netnsPath, ifname, false);
      } catch (error) {
        await releaseEndpoint(deps, record, endpoint).catch(() => undefined);
        delete record.networks[network.name];
        throw error;
      }
    }
    await deps.registry.save(record);
  });
}

export async function disconnectNetwork(
  deps: ContainerDeps,
  ref: string,
  body: { Container: string; Force?: boolean },
): Promise<void> {
  const network = await resolveNetwork(deps, ref);
  const record = deps.registry.resolve(body.Container);
  await deps.registry.withLock(record.id, async () => {
    const endpoint = record.networks[network.name];
    if (endpoint === undefined) {
      throw new EngineApiError(
        403,
        `container ${record.id} is not connected to network ${network.name}`,
      );
    }
    if (endpoint.ifname !== undefined && record.netnsPath !== undefined) {
      await deps.network.detach(record.netnsPath, endpoint.ifname);
    }
    await releaseEndpoint(deps, record, endpoint);
    delete record.networks[network.name];
    await deps.registry.save(record);
  });
}
