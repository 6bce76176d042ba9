import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { reportError, type NormalizeContext } from './context.js';

/** `"/dev/a[:/dev/b[:rwm]]"` → `{source, target, permissions}`; more than 3 fields is an error. */
export function normalizeDevices(
  value: unknown,
  path: KeyPath,
  context: NormalizeContext,
): unknown {
  if (!Array.isArray(value)) return value;
  const result: unknown[] = [];
  value.forEach((item, index) => {
    if (isMapping(item)) {
      result.push({
        ...item,
        target: item.target ?? item.source,
        permissions: item.permissions ?? 'rwm',
      });
      return;
    }
    const fields = String(item).split(':');
    if (fields.length > 3) {
      reportError(
        context,
        [...path, index],
        'devices.invalid',
        `invalid device specification: ${String(item)}`,
      );
      return;
    }
    const [source, target, permissions] = fields;
    result.push({ source, target: target || source, permissions: permissions || 'rwm' });
  });
  return result;
}

/** Device requests (`gpus`, `deploy.resources.reservations.devices`) get `count: all` when neither count nor ids. */
export function defaultDeviceCount(request: unknown): unknown {
  if (!isMapping(request)) return request;
  if (request.count !== undefined || request.device_ids !== undefined) return request;
  return { ...request, count: 'all' };
}

/** `gpus: all` → `[{count: "all"}]`; list items get the count default. */
export function normalizeGpus(value: unknown): unknown {
  if (value === 'all') return [{ count: 'all' }];
  if (!Array.isArray(value)) return value;
  return value.map(defaultDeviceCount);
}

/** Applies the count default to `deploy.resources.reservations.devices`. */
export function normalizeDeployDevices(deploy: RawMapping): RawMapping {
  const resources = deploy.resources;
  if (!isMapping(resources) || !isMapping(resources.reservations)) return deploy;
  const devices = resources.reservations.devices;
  if (!Array.isArray(devices)) return deploy;
  const reservations = { ...resources.reservations, devices: devices.map(defaultDeviceCount) };
  return { ...deploy, resources: { ...resources, reservations } };
}
