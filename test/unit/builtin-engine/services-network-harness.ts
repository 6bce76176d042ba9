/** Shared by the network service's unit tests: in-memory fakes of the NetworkDriver and NameServer, a service in a sandbox. */
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { BridgeNetworkService } from '../../../src/builtin-engine/daemon/networks/index.js';
import {
  EngineApiError,
  type BridgeSpec,
  type EndpointAllocation,
  type NameRecord,
  type NameServer,
  type NetworkDriver,
} from '../../../src/builtin-engine/ports.js';
import { sandbox, type Sandbox } from './helpers.js';

export class FakeDriver implements NetworkDriver {
  readonly bridges = new Map<string, BridgeSpec>();
  readonly calls: string[] = [];
  host: string[] = ['172.17.0.0/16', '0.0.0.0/0'];
  async ensureBridge(spec: BridgeSpec) {
    this.calls.push(`ensure ${spec.bridge}`);
    this.bridges.set(spec.bridge, spec);
  }
  async removeBridge(bridge: string) {
    this.calls.push(`remove ${bridge}`);
    this.bridges.delete(bridge);
  }
  async createNamespace(): Promise<string> {
    throw new Error('not used');
  }
  async removeNamespace() {}
  async attach() {}
  async detach() {}
  async hostSubnets() {
    this.calls.push('hostSubnets');
    return this.host;
  }
  async teardownFirewall() {}
}

export class FakeNameServer implements NameServer {
  readonly serving = new Map<string, string>();
  readonly records = new Map<string, readonly NameRecord[]>();
  async serve(networkId: string, listenAddress: string) {
    this.serving.set(networkId, listenAddress);
  }
  setRecords(networkId: string, records: readonly NameRecord[]) {
    this.records.set(networkId, records);
  }
  async stop(networkId: string) {
    this.serving.delete(networkId);
  }
  async close() {
    this.serving.clear();
  }
}

export interface NetworkHarness {
  box: Sandbox;
  driver: FakeDriver;
  dns: FakeNameServer;
  service: BridgeNetworkService;
  /** The container service's endpoints view, as the tests attach containers. */
  attached: Map<
    string,
    Array<{ containerId: string; name: string; allocation: EndpointAllocation }>
  >;
  /** A second service over the same state (a daemon restart). */
  open(): BridgeNetworkService;
  attach(
    networkId: string,
    containerId: string,
    name: string,
    ip?: string,
  ): Promise<EndpointAllocation>;
}

/** Registers the hooks; the fields are fresh in every test. */
export function useNetworkHarness(): NetworkHarness {
  const h = {} as NetworkHarness;
  h.open = () => {
    const created = new BridgeNetworkService({
      stateDir: join(h.box.dir, 'networks'),
      driver: h.driver,
      nameServer: h.dns,
      now: () => new Date('2026-11-22T10:00:00.000Z'),
    });
    created.setEndpointsView((id) => h.attached.get(id) ?? []);
    return created;
  };
  h.attach = async (networkId, containerId, name, ip) => {
    const allocation = await h.service.allocate(
      networkId,
      containerId,
      ip ? { ipv4Address: ip } : {},
    );
    const list = h.attached.get(allocation.networkId) ?? [];
    list.push({ containerId, name, allocation });
    h.attached.set(allocation.networkId, list);
    return allocation;
  };
  beforeEach(async () => {
    h.box = await sandbox();
    h.driver = new FakeDriver();
    h.dns = new FakeNameServer();
    h.attached = new Map();
    h.service = h.open();
  });
  afterEach(() => h.box.remove());
  return h;
}

export async function failure(promise: Promise<unknown>): Promise<EngineApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineApiError);
  return error as EngineApiError;
}
