import type { KeyPath } from '../key-path.js';
import type { ServiceConfig } from '../model.js';
import { isMapping, type RawMapping } from '../raw.js';
import type { NormalizeContext } from './context.js';
import { extraHostsToPairs } from './extra-hosts.js';
import { splitShellWords } from './shell-words.js';
import { asBytes, asDuration, asFileMode, asNumber, typeKey, typeNested } from './typed-values.js';

const HEALTHCHECK_DURATIONS = ['interval', 'timeout', 'start_period', 'start_interval'];
const SERVICE_SIZES = ['mem_limit', 'mem_reservation', 'memswap_limit', 'shm_size'];
const BLKIO_RATES = ['device_read_bps', 'device_write_bps'];

function typeHealthcheck(healthcheck: RawMapping, path: KeyPath, context: NormalizeContext): void {
  // A string test runs in a shell (§10.1: `"curl x"` → `["CMD-SHELL", "curl x"]`).
  if (typeof healthcheck.test === 'string') healthcheck.test = ['CMD-SHELL', healthcheck.test];
  for (const key of HEALTHCHECK_DURATIONS) typeKey(healthcheck, key, asDuration, path, context);
}

function typeDeploy(deploy: RawMapping, path: KeyPath, context: NormalizeContext): void {
  for (const key of ['update_config', 'rollback_config']) {
    typeNested(deploy, key, path, context, (update, at) => {
      typeKey(update, 'delay', asDuration, at, context);
      typeKey(update, 'monitor', asDuration, at, context);
    });
  }
  typeNested(deploy, 'restart_policy', path, context, (policy, at) => {
    typeKey(policy, 'delay', asDuration, at, context);
    typeKey(policy, 'window', asDuration, at, context);
  });
  typeNested(deploy, 'resources', path, context, (resources, at) => {
    for (const key of ['limits', 'reservations']) {
      typeNested(resources, key, at, context, (limits, limitsPath) => {
        typeKey(limits, 'memory', asBytes, limitsPath, context);
        typeKey(limits, 'cpus', asNumber, limitsPath, context);
      });
    }
  });
}

function typeMounts(volumes: unknown, path: KeyPath, context: NormalizeContext): unknown {
  if (!Array.isArray(volumes)) return volumes;
  return volumes.map((volume, index) => {
    if (!isMapping(volume)) return volume;
    const copy = { ...volume };
    typeNested(copy, 'tmpfs', [...path, index], context, (tmpfs, at) => {
      typeKey(tmpfs, 'size', asBytes, at, context);
      typeKey(tmpfs, 'mode', asFileMode, at, context);
    });
    return copy;
  });
}

function typeFileRefs(refs: unknown, path: KeyPath, context: NormalizeContext): unknown {
  if (!Array.isArray(refs)) return refs;
  return refs.map((ref, index) => {
    if (!isMapping(ref)) return ref;
    const copy = { ...ref };
    typeKey(copy, 'mode', asFileMode, [...path, index], context);
    for (const key of ['uid', 'gid'])
      if (typeof copy[key] === 'number') copy[key] = String(copy[key]);
    return copy;
  });
}

function typeBlkio(blkio: RawMapping, path: KeyPath, context: NormalizeContext): void {
  for (const key of BLKIO_RATES) {
    const devices = blkio[key];
    if (!Array.isArray(devices)) continue;
    blkio[key] = devices.map((device, index) => {
      if (!isMapping(device)) return device;
      const copy = { ...device };
      typeKey(copy, 'rate', asBytes, [...path, key, index], context);
      return copy;
    });
  }
}

function typeUlimits(ulimits: RawMapping): RawMapping {
  const result: RawMapping = {};
  for (const [name, limit] of Object.entries(ulimits)) {
    result[name] = typeof limit === 'number' ? { single: limit } : limit;
  }
  return result;
}

function commandWords(value: unknown): unknown {
  return typeof value === 'string' ? splitShellWords(value) : value;
}

/** Binds one normalized raw service to `ServiceConfig`: durations → ns, sizes → bytes, modes → numbers. */
export function bindService(
  name: string,
  raw: RawMapping,
  context: NormalizeContext,
): ServiceConfig {
  const path: KeyPath = ['services', name];
  const service: RawMapping = { ...raw };
  for (const key of ['command', 'entrypoint']) typeKey(service, key, commandWords, path, context);
  typeNested(service, 'healthcheck', path, context, (healthcheck, at) =>
    typeHealthcheck(healthcheck, at, context),
  );
  typeNested(service, 'deploy', path, context, (deploy, at) => typeDeploy(deploy, at, context));
  typeNested(service, 'blkio_config', path, context, (blkio, at) => typeBlkio(blkio, at, context));
  typeNested(service, 'build', path, context, (build, at) =>
    typeKey(build, 'shm_size', asBytes, at, context),
  );
  typeKey(service, 'stop_grace_period', asDuration, path, context);
  for (const key of SERVICE_SIZES) typeKey(service, key, asBytes, path, context);
  for (const key of ['cpus', 'scale', 'pids_limit']) typeKey(service, key, asNumber, path, context);
  if ('volumes' in service)
    service.volumes = typeMounts(service.volumes, [...path, 'volumes'], context);
  for (const key of ['secrets', 'configs']) {
    if (key in service) service[key] = typeFileRefs(service[key], [...path, key], context);
  }
  if (isMapping(service.ulimits)) service.ulimits = typeUlimits(service.ulimits);
  if ('extra_hosts' in service)
    service.extra_hosts = extraHostsToPairs(service.extra_hosts, [...path, 'extra_hosts'], context);
  // `service` is this function's own copy: the name is set on it, not on yet another copy.
  service.name = name;
  return service as unknown as ServiceConfig;
}
