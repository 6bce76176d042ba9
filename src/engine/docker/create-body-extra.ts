/**
 * `ContainerSpec.extra` → create body. One small translator per Compose field;
 * a key without a translator, or a value of a shape we cannot read, is reported
 * through the warning sink, never dropped silently.
 */
import type { EngineWarningSink } from '../types.js';
import { apiAtLeast } from './create-body-ports-mounts.js';

type Body = Record<string, unknown>;

export interface ExtraTarget {
  /** Top level of the create body (`Config`). */
  readonly config: Body;
  readonly hostConfig: Body;
  /** Query parameters of `POST /containers/create` (`platform`). */
  readonly query: Record<string, string>;
  readonly warn: EngineWarningSink;
  readonly apiVersion: string;
}

/** Returns false when the value's shape is not one the translator reads. */
type Translator = (value: unknown, target: ExtraTarget) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => typeof v === 'string' || typeof v === 'number')
    ? value.map(String)
    : undefined;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Sets `HostConfig[key]` from a value read by `read`; false when `read` cannot read it. */
function host<T>(key: string, read: (value: unknown) => T | undefined): Translator {
  return (value, target) => {
    const read_ = read(value);
    if (read_ === undefined) return false;
    target.hostConfig[key] = read_;
    return true;
  };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const flag = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

/** Durations the loader leaves as written (`cpu_rt_*`): numbers are microseconds, strings may carry units. */
function microseconds(value: unknown): number | undefined {
  const plain = numeric(value);
  if (plain !== undefined) return plain;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)(us|\u00b5s|ms|s|m)$/.exec(value.trim());
  if (!match) return undefined;
  const factor = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 6e7 }[match[2] as 'us'];
  return Math.round(Number(match[1]) * factor);
}

const nanoCpus = (value: unknown): number | undefined => {
  const cpus = numeric(value);
  return cpus === undefined ? undefined : Math.round(cpus * 1e9);
};

function ulimits(value: unknown): Body[] | undefined {
  if (!isRecord(value)) return undefined;
  return Object.entries(value).map(([name, limit]) => {
    const l = isRecord(limit) ? limit : { single: limit };
    const single = numeric(l['single']);
    return { Name: name, Soft: single ?? numeric(l['soft']), Hard: single ?? numeric(l['hard']) };
  });
}

function devices(value: unknown): Body[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const result: Body[] = [];
  for (const device of value) {
    if (typeof device === 'string') {
      // Short form `/dev/x[:/dev/y[:rwm]]` when a caller did not normalize it.
      const [source = '', target = source, permissions = 'rwm'] = device.split(':');
      result.push({ PathOnHost: source, PathInContainer: target, CgroupPermissions: permissions });
    } else if (isRecord(device) && typeof device['source'] === 'string') {
      result.push({
        PathOnHost: device['source'],
        PathInContainer: typeof device['target'] === 'string' ? device['target'] : device['source'],
        CgroupPermissions:
          typeof device['permissions'] === 'string' ? device['permissions'] : 'rwm',
      });
    } else return undefined;
  }
  return result;
}

/** Compose `gpus` / `deploy.resources.reservations.devices` → `DeviceRequests`; `count: all` is -1. */
export function deviceRequests(value: unknown, defaultCapabilities: string[]): Body[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const result: Body[] = [];
  for (const request of value) {
    if (!isRecord(request)) return undefined;
    const capabilities = stringList(request['capabilities']) ?? defaultCapabilities;
    const count = request['count'] === 'all' ? -1 : numeric(request['count']);
    const ids = stringList(request['device_ids']);
    result.push({
      Driver: typeof request['driver'] === 'string' ? request['driver'] : '',
      // Like Docker Compose: with neither ids nor count, all devices.
      Count: count ?? (ids ? 0 : -1),
      DeviceIDs: ids ?? [],
      Capabilities: capabilities.length > 0 ? [capabilities] : [],
      Options: stringMap(request['options']) ?? {},
    });
  }
  return result;
}

function extraHosts(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return stringList(value);
  const result: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string') result.push(entry);
    else if (
      isRecord(entry) &&
      typeof entry['host'] === 'string' &&
      typeof entry['ip'] === 'string'
    )
      result.push(`${entry['host']}:${entry['ip']}`);
    else return undefined;
  }
  return result;
}

function tmpfsMap(value: unknown): Record<string, string> | undefined {
  const entries = typeof value === 'string' ? [value] : stringList(value);
  if (!entries) return undefined;
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon < 0) result[entry] = '';
    else result[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return result;
}

const logging: Translator = (value, target) => {
  if (!isRecord(value)) return false;
  target.hostConfig['LogConfig'] = {
    Type: typeof value['driver'] === 'string' ? value['driver'] : '',
    Config: stringMap(value['options']) ?? {},
  };
  return true;
};

function blkioDevices(value: unknown, field: 'weight' | 'rate'): Body[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const result: Body[] = [];
  for (const device of value) {
    if (!isRecord(device) || typeof device['path'] !== 'string') return undefined;
    const amount = numeric(device[field]);
    if (amount === undefined) return undefined;
    result.push({ Path: device['path'], [field === 'weight' ? 'Weight' : 'Rate']: amount });
  }
  return result;
}

const BLKIO_FIELDS: Record<string, [string, 'weight' | 'rate']> = {
  weight_device: ['BlkioWeightDevice', 'weight'],
  device_read_bps: ['BlkioDeviceReadBps', 'rate'],
  device_write_bps: ['BlkioDeviceWriteBps', 'rate'],
  device_read_iops: ['BlkioDeviceReadIOps', 'rate'],
  device_write_iops: ['BlkioDeviceWriteIOps', 'rate'],
};

const blkio: Translator = (value, target) => {
  if (!isRecord(value)) return false;
  for (const [key, setting] of Object.entries(value)) {
    if (key === 'weight') {
      const weight = numeric(setting);
      if (weight === undefined) return false;
      target.hostConfig['BlkioWeight'] = weight;
      continue;
    }
    const field = BLKIO_FIELDS[key];
    const devices_ = field ? blkioDevices(setting, field[1]) : undefined;
    if (!field || !devices_) {
      target.warn(
        `blkio_config.${key} is not supported by the Docker Engine backend and is ignored`,
      );
      continue;
    }
    target.hostConfig[field[0]] = devices_;
  }
  return true;
};

const annotations: Translator = (value, target) => {
  const map = stringMap(value);
  if (!map) return false;
  if (!apiAtLeast(target.apiVersion, '1.43')) {
    target.warn(
      `annotations needs Engine API 1.43+ (this engine speaks ${target.apiVersion}) and is ignored`,
    );
    return true;
  }
  target.hostConfig['Annotations'] = map;
  return true;
};

export const EXTRA_TRANSLATORS: Readonly<Record<string, Translator>> = {
  cap_add: host('CapAdd', stringList),
  cap_drop: host('CapDrop', stringList),
  security_opt: host('SecurityOpt', stringList),
  sysctls: host('Sysctls', stringMap),
  ulimits: host('Ulimits', ulimits),
  devices: host('Devices', devices),
  device_cgroup_rules: host('DeviceCgroupRules', stringList),
  gpus: host('DeviceRequests', (v) => deviceRequests(v, ['gpu'])),
  dns: host('Dns', (v) => (typeof v === 'string' ? [v] : stringList(v))),
  dns_search: host('DnsSearch', (v) => (typeof v === 'string' ? [v] : stringList(v))),
  dns_opt: host('DnsOptions', stringList),
  extra_hosts: host('ExtraHosts', extraHosts),
  logging,
  shm_size: host('ShmSize', numeric),
  pid: host('PidMode', text),
  ipc: host('IpcMode', text),
  uts: host('UTSMode', text),
  cgroup: host('CgroupnsMode', text),
  cgroup_parent: host('CgroupParent', text),
  userns_mode: host('UsernsMode', text),
  group_add: host('GroupAdd', stringList),
  oom_kill_disable: host('OomKillDisable', flag),
  oom_score_adj: host('OomScoreAdj', numeric),
  pids_limit: host('PidsLimit', numeric),
  mem_limit: host('Memory', numeric),
  mem_reservation: host('MemoryReservation', numeric),
  memswap_limit: host('MemorySwap', numeric),
  mem_swappiness: host('MemorySwappiness', numeric),
  cpus: host('NanoCpus', nanoCpus),
  cpu_shares: host('CpuShares', numeric),
  cpu_period: host('CpuPeriod', microseconds),
  cpu_quota: host('CpuQuota', microseconds),
  cpuset: host('CpusetCpus', text),
  cpu_rt_period: host('CpuRealtimePeriod', microseconds),
  cpu_rt_runtime: host('CpuRealtimeRuntime', microseconds),
  cpu_count: host('CpuCount', numeric),
  cpu_percent: host('CpuPercent', numeric),
  blkio_config: blkio,
  storage_opt: host('StorageOpt', stringMap),
  isolation: host('Isolation', text),
  runtime: host('Runtime', text),
  volumes_from: host('VolumesFrom', stringList),
  links: host('Links', stringList),
  tmpfs: host('Tmpfs', tmpfsMap),
  annotations,
  platform: (value, target) => {
    if (typeof value !== 'string') return false;
    target.query['platform'] = value;
    return true;
  },
  mac_address: (value, target) => {
    if (typeof value !== 'string') return false;
    target.config['MacAddress'] = value;
    return true;
  },
};
