import { FIELD_ORDER, orderItems, orderKeys, sortKeysDeep } from './canonical-order.js';
import { formatDuration, formatFileMode } from './formats.js';
import type { ExtraHost, Project, ServiceConfig } from './model.js';
import { isMapping, type RawMapping } from './raw.js';

type Convert = (value: unknown) => unknown;

const duration: Convert = (value) => (typeof value === 'number' ? formatDuration(value) : value);
// compose prints byte sizes as decimal strings of bytes (`"1073741824"`).
const bytes: Convert = (value) => (typeof value === 'number' ? String(value) : value);
const mode: Convert = (value) => (typeof value === 'number' ? formatFileMode(value) : value);

/** Applies `convert` to `mapping[key]` inside a copy of the mapping at `path` (if every step exists). */
function convertAt(mapping: RawMapping, path: readonly string[], convert: Convert): RawMapping {
  const [key, ...rest] = path as [string, ...string[]];
  if (!(key in mapping) || mapping[key] === undefined || mapping[key] === null) return mapping;
  if (rest.length === 0) return { ...mapping, [key]: convert(mapping[key]) };
  const nested = mapping[key];
  return isMapping(nested) ? { ...mapping, [key]: convertAt(nested, rest, convert) } : mapping;
}

function convertItems(list: unknown, convert: (item: RawMapping) => RawMapping): unknown {
  return Array.isArray(list) ? list.map((item) => (isMapping(item) ? convert(item) : item)) : list;
}

const SERVICE_CONVERSIONS: readonly [readonly string[], Convert][] = [
  [['stop_grace_period'], duration],
  ...['interval', 'timeout', 'start_period', 'start_interval'].map((key): [string[], Convert] => [
    ['healthcheck', key],
    duration,
  ]),
  ...['update_config', 'rollback_config'].flatMap((section) =>
    ['delay', 'monitor'].map((key): [string[], Convert] => [['deploy', section, key], duration]),
  ),
  [['deploy', 'restart_policy', 'delay'], duration],
  [['deploy', 'restart_policy', 'window'], duration],
  ...['mem_limit', 'mem_reservation', 'memswap_limit', 'shm_size'].map(
    (key): [string[], Convert] => [[key], bytes],
  ),
  [['build', 'shm_size'], bytes],
  [['deploy', 'resources', 'limits', 'memory'], bytes],
  [['deploy', 'resources', 'reservations', 'memory'], bytes],
];

function extraHostList(hosts: readonly ExtraHost[]): string[] {
  return hosts.map((entry) => `${entry.host}=${entry.ip}`).sort();
}

function ulimitValues(ulimits: RawMapping): RawMapping {
  return Object.fromEntries(
    Object.entries(ulimits).map(([name, limit]) => [
      name,
      isMapping(limit) && typeof limit.single === 'number' ? limit.single : limit,
    ]),
  );
}

/** One service as compose prints it. */
export function serviceToComposeModel(service: ServiceConfig): RawMapping {
  const { name: _name, ...fields } = service;
  let result: RawMapping = fields;
  for (const [path, convert] of SERVICE_CONVERSIONS) result = convertAt(result, path, convert);
  result.volumes = convertItems(result.volumes, (volume) =>
    convertAt(volume, ['tmpfs', 'size'], bytes),
  );
  for (const key of ['secrets', 'configs'])
    result[key] = convertItems(result[key], (ref) => convertAt(ref, ['mode'], mode));
  if (isMapping(result.blkio_config)) {
    const blkio = { ...result.blkio_config };
    for (const key of ['device_read_bps', 'device_write_bps'])
      blkio[key] = convertItems(blkio[key], (d) => convertAt(d, ['rate'], bytes));
    result.blkio_config = blkio;
  }
  if (Array.isArray(result.extra_hosts))
    result.extra_hosts = extraHostList(result.extra_hosts as ExtraHost[]);
  if (isMapping(result.ulimits)) result.ulimits = ulimitValues(result.ulimits);
  const ordered = orderKeys(result, []);
  ordered.ports = orderItems(ordered.ports, FIELD_ORDER.port);
  ordered.volumes = convertItems(orderItems(ordered.volumes, FIELD_ORDER.volume), (volume) =>
    isMapping(volume.bind) ? { ...volume, bind: orderKeys(volume.bind, FIELD_ORDER.bind) } : volume,
  );
  for (const key of ['secrets', 'configs'])
    ordered[key] = orderItems(ordered[key], FIELD_ORDER.fileReference);
  ordered.devices = orderItems(ordered.devices, FIELD_ORDER.device);
  ordered.env_file = orderItems(ordered.env_file, FIELD_ORDER.envFile);
  if (isMapping(ordered.healthcheck))
    ordered.healthcheck = orderKeys(ordered.healthcheck, FIELD_ORDER.healthcheck);
  return Object.fromEntries(Object.entries(ordered).filter(([, value]) => value !== undefined));
}

function byName<T>(entries: Record<string, T>, convert: (value: T) => unknown): RawMapping {
  return Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((key) => [key, convert(entries[key]!)]),
  );
}

/**
 * The canonical form `tscompose config` prints, shaped like `docker compose
 * config`: services by name, long syntax, durations as Go strings, sizes as
 * byte strings; empty top-level sections are left out (except `services`).
 */
export function projectToComposeModel(project: Project): RawMapping {
  const model: RawMapping = {
    name: project.name,
    services: byName(project.services, serviceToComposeModel),
  };
  const sections = {
    networks: project.networks,
    volumes: project.volumes,
    secrets: project.secrets,
    configs: project.configs,
    models: project.models,
  };
  for (const [section, entries] of Object.entries(sections)) {
    if (entries && Object.keys(entries).length > 0)
      model[section] = byName(entries as Record<string, RawMapping>, (entry) =>
        orderKeys(entry, []),
      );
  }
  const extensions = sortKeysDeep(project.extensions) as RawMapping;
  return orderKeys({ ...model, ...extensions }, FIELD_ORDER.project, false);
}
