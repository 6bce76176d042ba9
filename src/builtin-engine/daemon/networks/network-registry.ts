/**
 * The network records on disk and in memory: loaded once, the default
 * `bridge` network created on first load (as Docker's always exists), names
 * and ids resolved the Engine's way, and mutations run one at a time (names,
 * subnets and addresses are checked against the other networks).
 */
import { createHash, randomBytes } from 'node:crypto';
import { EngineApiError } from '../../ports.js';
import { RecordStore } from '../record-store.js';
import { planAddressing, type AddressPool } from './ipam.js';
import { defaultBridgeOptions, type NetworkCreateRequest } from './network-create.js';
import { bridgeNameFor, type NetworkRecord, type PredefinedNetwork } from './network-record.js';

export type Found =
  | { readonly kind: 'record'; readonly record: NetworkRecord }
  | { readonly kind: 'predefined'; readonly network: PredefinedNetwork };

export interface RegistryOptions {
  readonly stateDir: string;
  readonly pools: readonly AddressPool[];
  readonly hostSubnets: () => Promise<readonly string[]>;
  readonly defaultBridge: string;
  readonly now: () => Date;
}

function predefined(name: 'host' | 'none', created: string): PredefinedNetwork {
  const id = createHash('sha256').update(`tscompose builtin-engine network ${name}`).digest('hex');
  return { id, name, driver: name === 'host' ? 'host' : 'null', created };
}

function idOf(found: Found): string {
  return found.kind === 'record' ? found.record.id : found.network.id;
}

function nameOf(found: Found): string {
  return found.kind === 'record' ? found.record.name : found.network.name;
}

export class NetworkRegistry {
  readonly predefined: readonly PredefinedNetwork[];
  private readonly records: RecordStore<NetworkRecord>;
  private loading: Promise<Map<string, NetworkRecord>> | undefined;
  private loaded: Map<string, NetworkRecord> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RegistryOptions) {
    this.records = new RecordStore<NetworkRecord>(options.stateDir);
    const created = options.now().toISOString();
    this.predefined = [predefined('host', created), predefined('none', created)];
  }

  /** Every record, loaded once; the default `bridge` network exists from then on. */
  all(): Promise<Map<string, NetworkRecord>> {
    this.loading ??= (async () => {
      const map = new Map<string, NetworkRecord>();
      for (const { record } of await this.records.all()) map.set(record.id, record);
      if (![...map.values()].some((record) => record.isDefault)) {
        const bridge = this.options.defaultBridge;
        const request: NetworkCreateRequest = {
          name: 'bridge',
          internal: false,
          attachable: false,
          labels: {},
          options: defaultBridgeOptions(bridge),
          ipamOptions: null,
          ipamConfig: [],
        };
        const record = await this.newRecord(map, request, bridge);
        await this.records.put(record.id, record);
        map.set(record.id, record);
      }
      this.loaded = map;
      return map;
    })();
    this.loading.catch(() => (this.loading = undefined));
    return this.loading;
  }

  /** The records if already loaded (for synchronous callers). */
  get current(): ReadonlyMap<string, NetworkRecord> | undefined {
    return this.loaded;
  }

  serialize<T>(work: () => Promise<T>): Promise<T> {
    const step = this.queue.then(work);
    this.queue = step.catch(() => undefined);
    return step;
  }

  /** Docker's order: full id, exact name, then a unique id prefix; 404 `network X not found`. */
  async find(ref: string): Promise<Found> {
    const map = await this.all();
    const entries: Found[] = [
      ...[...map.values()].map((record): Found => ({ kind: 'record', record })),
      ...this.predefined.map((network): Found => ({ kind: 'predefined', network })),
    ];
    const exact =
      entries.find((found) => idOf(found) === ref) ??
      entries.find((found) => nameOf(found) === ref);
    if (exact !== undefined) return exact;
    const byPrefix = ref === '' ? [] : entries.filter((found) => idOf(found).startsWith(ref));
    if (byPrefix.length > 1) {
      throw new EngineApiError(
        400,
        `network ${ref} is ambiguous (${byPrefix.length} matches found based on ID prefix)`,
      );
    }
    if (byPrefix[0] !== undefined) return byPrefix[0];
    throw new EngineApiError(404, `network ${ref} not found`);
  }

  /** A new network's record, stored; call inside `serialize`. */
  async create(request: NetworkCreateRequest): Promise<NetworkRecord> {
    const map = await this.all();
    // Refused whatever CheckDuplicate says: two networks of one name make every lookup by name ambiguous.
    if ([...map.values()].some((record) => record.name === request.name)) {
      throw new EngineApiError(409, `network with name ${request.name} already exists`);
    }
    const record = await this.newRecord(map, request);
    await this.put(record);
    return record;
  }

  async put(record: NetworkRecord): Promise<void> {
    const map = await this.all();
    await this.records.put(record.id, record);
    map.set(record.id, record);
  }

  async delete(id: string): Promise<void> {
    const map = await this.all();
    await this.records.remove(id);
    map.delete(id);
  }

  private async newRecord(
    existing: ReadonlyMap<string, NetworkRecord>,
    request: NetworkCreateRequest,
    defaultBridge?: string,
  ): Promise<NetworkRecord> {
    const addressing = await planAddressing(request.ipamConfig, {
      pools: this.options.pools,
      networks: [...existing.values()].map((record) => record.subnet),
      hostSubnets: this.options.hostSubnets,
    });
    let id = randomBytes(32).toString('hex');
    // Distinct short ids keep bridge names and `docker network ls` ids unique.
    while ([...existing.keys()].some((other) => other.slice(0, 11) === id.slice(0, 11))) {
      id = randomBytes(32).toString('hex');
    }
    return {
      id,
      name: request.name,
      created: this.options.now().toISOString(),
      driver: 'bridge',
      internal: request.internal,
      attachable: request.attachable,
      labels: request.labels,
      options: request.options,
      ipamOptions: request.ipamOptions,
      ipamShown: addressing.shown,
      subnet: addressing.subnet,
      gateway: addressing.gateway,
      ...(addressing.ipRange !== undefined ? { ipRange: addressing.ipRange } : {}),
      userSubnet: addressing.userConfigured,
      bridge: defaultBridge ?? bridgeNameFor(id),
      isDefault: defaultBridge !== undefined,
      endpoints: {},
    };
  }
}
