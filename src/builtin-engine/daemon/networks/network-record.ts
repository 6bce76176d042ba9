/**
 * A network as the daemon keeps it on disk (one JSON record per network), and
 * its Engine API shape (`GET /networks/{id}`, `GET /networks`). Pure: the
 * service passes in the endpoints the container service reports.
 */
import type Dockerode from 'dockerode';
import type { ApiFilters, EndpointAllocation } from '../../ports.js';
import { booleanFilter, checkFilterKeys, exactField, matchField, matchLabels } from '../filters.js';
import { EngineApiError } from '../../ports.js';

export interface StoredEndpoint {
  readonly address: string;
  readonly mac: string;
  readonly endpointId: string;
}

export interface NetworkRecord {
  readonly id: string;
  readonly name: string;
  /** RFC 3339 with nanoseconds, as the Engine writes it. */
  readonly created: string;
  readonly driver: 'bridge';
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly ipamOptions: Readonly<Record<string, string>> | null;
  /** `IPAM.Config[0]` as inspect shows it. */
  readonly ipamShown: { Subnet: string; Gateway?: string; IPRange?: string };
  readonly subnet: string;
  readonly gateway: string;
  readonly ipRange?: string;
  readonly userSubnet: boolean;
  /** Linux bridge interface name. */
  readonly bridge: string;
  /** Docker's default `bridge` network: no DNS, no requested addresses. */
  readonly isDefault: boolean;
  /** Reserved addresses by container id; kept on disk so a restarted daemon hands out no duplicates. */
  readonly endpoints: Readonly<Record<string, StoredEndpoint>>;
}

export interface ViewEndpoint {
  readonly containerId: string;
  readonly name: string;
  readonly allocation: EndpointAllocation;
}

/** Docker's networks that are not records: they stand for `network_mode: host|none`. */
export interface PredefinedNetwork {
  readonly id: string;
  readonly name: 'host' | 'none';
  readonly driver: 'host' | 'null';
  readonly created: string;
}

/** Linux allows 15 characters: `tsc-` and 11 hex digits of the id. */
export function bridgeNameFor(id: string): string {
  return `tsc-${id.slice(0, 11)}`;
}

export const PREDEFINED_NAMES = ['bridge', 'host', 'none'] as const;

export function isPredefinedName(name: string): boolean {
  return (PREDEFINED_NAMES as readonly string[]).includes(name);
}

export function inspectShape(
  record: NetworkRecord,
  endpoints: readonly ViewEndpoint[] | undefined,
): Dockerode.NetworkInspectInfo {
  const containers: Record<string, Dockerode.NetworkContainer> = {};
  for (const endpoint of endpoints ?? []) {
    const { allocation } = endpoint;
    containers[endpoint.containerId] = {
      Name: endpoint.name,
      EndpointID: allocation.endpointId,
      MacAddress: allocation.mac,
      IPv4Address: `${allocation.address}/${allocation.prefixLength}`,
      IPv6Address: '',
    };
  }
  return {
    Name: record.name,
    Id: record.id,
    Created: record.created,
    Scope: 'local',
    Driver: record.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: record.ipamOptions as Record<string, string>,
      Config: [{ ...record.ipamShown }],
    },
    Internal: record.internal,
    Attachable: record.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: { ...record.options },
    Labels: { ...record.labels },
  };
}

export function predefinedShape(network: PredefinedNetwork): Dockerode.NetworkInspectInfo {
  return {
    Name: network.name,
    Id: network.id,
    Created: network.created,
    Scope: 'local',
    Driver: network.driver,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null as unknown as Record<string, string>, Config: [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: {},
    Options: {},
    Labels: {},
  };
}

const LIST_FILTERS = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'];

export interface Listed {
  readonly shape: Dockerode.NetworkInspectInfo;
  /** `bridge`, `host`, `none`: `type=builtin`, never dangling. */
  readonly builtin: boolean;
  readonly endpointCount: number;
}

/** `GET /networks?filters=`: which networks to show. */
export function filterNetworks(networks: readonly Listed[], filters: ApiFilters): Listed[] {
  checkFilterKeys(filters, LIST_FILTERS);
  const types = filters.get('type') ?? [];
  for (const type of types) {
    if (type !== 'custom' && type !== 'builtin') {
      throw new EngineApiError(400, `invalid filter: 'type'='${type}'`);
    }
  }
  const dangling = booleanFilter(filters, 'dangling');
  return networks.filter((network) => {
    const { shape } = network;
    if (!matchField(filters, 'name', shape.Name)) return false;
    if (!matchField(filters, 'id', shape.Id)) return false;
    if (!matchField(filters, 'driver', shape.Driver)) return false;
    if (!exactField(filters, 'scope', shape.Scope)) return false;
    if (!matchLabels(filters, shape.Labels)) return false;
    if (types.length > 0 && !types.includes(network.builtin ? 'builtin' : 'custom')) return false;
    if (dangling !== undefined) {
      const isDangling = !network.builtin && network.endpointCount === 0;
      if (isDangling !== dangling) return false;
    }
    return true;
  });
}

/** `POST /networks/prune?filters=`: `label`, `label!` and `until` (a time before which the network was created). */
export function pruneMatches(record: NetworkRecord, filters: ApiFilters, now: Date): boolean {
  checkFilterKeys(filters, ['label', 'label!', 'until']);
  if (!matchLabels(filters, record.labels)) return false;
  const until = filters.get('until') ?? [];
  return until.every((value) => Date.parse(record.created) < parseUntil(value, now));
}

/** `until`: a Unix timestamp, an RFC 3339 date, or a duration before now (`10m`, `24h`). */
export function parseUntil(value: string, now: Date): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (duration !== null) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ms' | 's' | 'm' | 'h'];
    return now.getTime() - Number(duration[1]) * unit;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new EngineApiError(400, `invalid filter 'until=${value}'`);
  return parsed;
}
