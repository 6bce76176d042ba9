/**
 * Bridge networks for the built-in engine: the Engine API's network
 * endpoints, address allocation for containers and the DNS names each
 * network answers (records: network-registry.ts).
 *
 * A network's bridge comes up lazily, at its first allocation (or at
 * `restore` after a daemon restart), and its DNS server with it, on the
 * gateway address. Docker's default `bridge` network is a record like the
 * others (interface `tsc0`), but like Docker's it resolves no container names
 * and takes no requested addresses. `host` and `none` exist as read-only
 * entries, so `docker network ls` and `network_mode: host` look as on Docker.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import {
  EngineApiError,
  type ApiFilters,
  type EndpointAllocation,
  type NameServer,
  type NetworkDriver,
  type NetworkService,
} from '../../ports.js';
import { NameTable } from './dns-names.js';
import {
  allocateAddress,
  DEFAULT_POOLS,
  isValidMac,
  macFromAddress,
  prefixLength,
  type AddressPool,
} from './ipam.js';
import { parseCreateBody } from './network-create.js';
import {
  filterNetworks,
  inspectShape,
  predefinedShape,
  pruneMatches,
  type Listed,
  type NetworkRecord,
  type StoredEndpoint,
  type ViewEndpoint,
} from './network-record.js';
import { NetworkRegistry } from './network-registry.js';

export interface BridgeNetworkServiceOptions {
  /** Directory of the network records (e.g. `<state>/networks`). */
  readonly stateDir: string;
  readonly driver: NetworkDriver;
  readonly nameServer: NameServer;
  /** Where automatic subnets come from; default 10.213.0.0/16 in /24 blocks. */
  readonly pools?: readonly AddressPool[];
  /** Interface of the default `bridge` network; default `tsc0`. */
  readonly defaultBridge?: string;
  readonly now?: () => Date;
}

function byName(a: Listed, b: Listed): number {
  return a.shape.Name < b.shape.Name ? -1 : a.shape.Name > b.shape.Name ? 1 : 0;
}

export class BridgeNetworkService implements NetworkService {
  private readonly registry: NetworkRegistry;
  private view: ((networkId: string) => ViewEndpoint[]) | undefined;
  private readonly up = new Map<string, Promise<void>>();
  private readonly names = new Map<string, NameTable>();

  constructor(private readonly options: BridgeNetworkServiceOptions) {
    this.registry = new NetworkRegistry({
      stateDir: options.stateDir,
      pools: options.pools ?? DEFAULT_POOLS,
      hostSubnets: () => options.driver.hostSubnets(),
      defaultBridge: options.defaultBridge ?? 'tsc0',
      now: options.now ?? (() => new Date()),
    });
  }

  private endpointCount(record: NetworkRecord): number {
    return this.view?.(record.id).length ?? Object.keys(record.endpoints).length;
  }

  private async findRecord(ref: string): Promise<NetworkRecord> {
    const found = await this.registry.find(ref);
    if (found.kind === 'predefined') {
      throw new EngineApiError(
        400,
        `network ${found.network.name} has no addresses to give: containers join it with network_mode: ${found.network.name}`,
      );
    }
    return found.record;
  }

  async listNetworks(filters: ApiFilters): Promise<Dockerode.NetworkInspectInfo[]> {
    const map = await this.registry.all();
    const listed: Listed[] = [
      // The list leaves out attached containers, as the Engine's has since API 1.28.
      ...[...map.values()].map((record) => ({
        shape: inspectShape(record, []),
        builtin: record.isDefault,
        endpointCount: this.endpointCount(record),
      })),
      ...this.registry.predefined.map((network) => ({
        shape: predefinedShape(network),
        builtin: true,
        endpointCount: 0,
      })),
    ];
    return filterNetworks(listed.sort(byName), filters).map((entry) => entry.shape);
  }

  async inspectNetwork(ref: string): Promise<Dockerode.NetworkInspectInfo> {
    const found = await this.registry.find(ref);
    if (found.kind === 'predefined') return predefinedShape(found.network);
    return inspectShape(found.record, this.view?.(found.record.id) ?? []);
  }

  async resolve(
    ref: string,
  ): Promise<{ id: string; name: string; driver: string; internal: boolean }> {
    const found = await this.registry.find(ref);
    if (found.kind === 'predefined') {
      const { id, name, driver } = found.network;
      return { id, name, driver, internal: false };
    }
    const { id, name, driver, internal } = found.record;
    return { id, name, driver, internal };
  }

  async createNetwork(
    body: Dockerode.NetworkCreateOptions,
  ): Promise<{ Id: string; Warning: string }> {
    const request = parseCreateBody(body);
    await this.registry.all();
    const record = await this.registry.serialize(() => this.registry.create(request));
    return { Id: record.id, Warning: '' };
  }

  async removeNetwork(ref: string): Promise<void> {
    const found = await this.registry.find(ref);
    if (found.kind === 'predefined' || found.record.isDefault) {
      const name = found.kind === 'predefined' ? found.network.name : found.record.name;
      throw new EngineApiError(403, `${name} is a pre-defined network and cannot be removed`);
    }
    await this.registry.serialize(() => this.removeRecord(found.record.id));
  }

  private async removeRecord(id: string): Promise<void> {
    const record = (await this.registry.all()).get(id);
    if (record === undefined) return;
    if (this.endpointCount(record) > 0) {
      throw new EngineApiError(
        409,
        `error while removing network: network ${record.name} id ${record.id} has active endpoints`,
      );
    }
    await this.options.nameServer.stop(record.id);
    await this.options.driver.removeBridge(record.bridge);
    await this.registry.delete(record.id);
    this.up.delete(record.id);
    this.names.delete(record.id);
  }

  async pruneNetworks(filters: ApiFilters): Promise<{ NetworksDeleted: string[] }> {
    const now = (this.options.now ?? (() => new Date()))();
    const candidates = [...(await this.registry.all()).values()].filter(
      (record) => !record.isDefault && pruneMatches(record, filters, now),
    );
    const deleted: string[] = [];
    for (const record of candidates) {
      if (this.endpointCount(record) > 0) continue;
      try {
        await this.registry.serialize(() => this.removeRecord(record.id));
        deleted.push(record.name);
      } catch (error) {
        // A container joined meanwhile: not unused any more.
        if (!(error instanceof EngineApiError && error.status === 409)) throw error;
      }
    }
    return { NetworksDeleted: deleted };
  }

  /** Brings the bridge up (and its DNS server, except on the default network), once per daemon run. */
  private bringUp(record: NetworkRecord): Promise<void> {
    let pending = this.up.get(record.id);
    if (pending === undefined) {
      pending = (async () => {
        const { bridge, subnet, gateway, internal } = record;
        await this.options.driver.ensureBridge({ bridge, subnet, gateway, internal });
        if (!record.isDefault) await this.options.nameServer.serve(record.id, gateway);
      })();
      pending.catch(() => this.up.delete(record.id));
      this.up.set(record.id, pending);
    }
    return pending;
  }

  /** After a daemon restart: the bridges and DNS servers of every network that has endpoints. */
  async restore(): Promise<void> {
    for (const record of (await this.registry.all()).values()) {
      if (Object.keys(record.endpoints).length > 0) await this.bringUp(record);
    }
  }

  async allocate(
    networkId: string,
    containerId: string,
    request: { ipv4Address?: string; mac?: string },
  ): Promise<EndpointAllocation> {
    const found = await this.findRecord(networkId);
    const requested = request.ipv4Address ?? '';
    const mac = request.mac ?? '';
    if (requested !== '' && found.isDefault) {
      throw new EngineApiError(
        400,
        'user specified IP address is supported on user defined networks only',
      );
    }
    if (requested !== '' && !found.userSubnet) {
      throw new EngineApiError(
        400,
        'user specified IP address is supported only when connecting to networks with user configured subnets',
      );
    }
    if (mac !== '' && !isValidMac(mac)) {
      throw new EngineApiError(400, `invalid MAC address: ${mac}`);
    }
    await this.bringUp(found);
    return this.registry.serialize(async () => {
      const record = (await this.registry.all()).get(found.id);
      if (record === undefined) throw new EngineApiError(404, `network ${networkId} not found`);
      let endpoint: StoredEndpoint | undefined = record.endpoints[containerId];
      // The same container again (a restart, a recovery): it keeps its address unless it asks for another.
      if (endpoint === undefined || (requested !== '' && requested !== endpoint.address)) {
        const used = Object.entries(record.endpoints)
          .filter(([id]) => id !== containerId)
          .map(([, other]) => other.address);
        const address = allocateAddress({
          subnet: record.subnet,
          gateway: record.gateway,
          ...(record.ipRange !== undefined ? { ipRange: record.ipRange } : {}),
          used: new Set(used),
          requested,
        });
        endpoint = {
          address,
          mac: mac !== '' ? mac.toLowerCase() : macFromAddress(address),
          endpointId: randomBytes(32).toString('hex'),
        };
        await this.registry.put({
          ...record,
          endpoints: { ...record.endpoints, [containerId]: endpoint },
        });
      }
      return {
        networkId: record.id,
        networkName: record.name,
        endpointId: endpoint.endpointId,
        bridge: record.bridge,
        address: endpoint.address,
        prefixLength: prefixLength(record.subnet),
        gateway: record.gateway,
        mac: endpoint.mac,
      };
    });
  }

  async release(networkId: string, containerId: string): Promise<void> {
    const found = await this.registry.find(networkId).catch(() => undefined);
    if (found?.kind !== 'record') return;
    const id = found.record.id;
    await this.registry.serialize(async () => {
      const record = (await this.registry.all()).get(id);
      if (record?.endpoints[containerId] === undefined) return;
      const endpoints = { ...record.endpoints };
      delete endpoints[containerId];
      await this.registry.put({ ...record, endpoints });
    });
    this.setNames(id, containerId, [], '');
  }

  setNames(
    networkId: string,
    containerId: string,
    names: readonly string[],
    address: string,
  ): void {
    // Docker's default bridge resolves no container names; neither does ours.
    if (this.registry.current?.get(networkId)?.isDefault === true) return;
    let table = this.names.get(networkId);
    if (table === undefined) {
      if (names.length === 0) return;
      table = new NameTable();
      this.names.set(networkId, table);
    }
    table.set(containerId, names, address);
    this.options.nameServer.setRecords(networkId, table.records());
  }

  setEndpointsView(view: (networkId: string) => ViewEndpoint[]): void {
    this.view = view;
  }

  async defaultNetwork(): Promise<{ id: string; name: string }> {
    const map = await this.registry.all();
    const record = [...map.values()].find((candidate) => candidate.isDefault) as NetworkRecord;
    return { id: record.id, name: record.name };
  }
}
