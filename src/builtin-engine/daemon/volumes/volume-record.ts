/**
 * What `POST /volumes/create` accepts and how a volume looks in the Engine
 * API, without I/O. The local driver here makes plain directories; the one
 * driver option set it honours is the common bind form
 * (`type: none, o: bind, device: /abs/path`), which Compose files use to put
 * a named volume on a host directory.
 */
import type Dockerode from 'dockerode';
import { EngineApiError, type ApiFilters } from '../../ports.js';
import { booleanFilter, checkFilterKeys, exactField, matchField, matchLabels } from '../filters.js';

/** Docker's label on anonymous volumes (API 1.42+; harmless before). */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** The record on disk is the Engine's inspect shape. */
export interface VolumeRecord {
  readonly Name: string;
  readonly Driver: 'local';
  readonly Mountpoint: string;
  /** RFC 3339, seconds: `2026-11-22T16:19:38Z`. */
  readonly CreatedAt: string;
  readonly Labels: Readonly<Record<string, string>> | null;
  readonly Options: Readonly<Record<string, string>> | null;
  readonly Scope: 'local';
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function checkVolumeName(name: string): void {
  if (name.length === 1 && /^[a-zA-Z0-9]$/.test(name)) {
    throw new EngineApiError(
      400,
      `create ${name}: volume name is too short, names should be at least two alphanumeric characters`,
    );
  }
  if (!NAME_RE.test(name)) {
    throw new EngineApiError(
      400,
      `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
    );
  }
}

export function checkDriver(name: string, driver: string | undefined): void {
  if (driver === undefined || driver === '' || driver === 'local') return;
  throw new EngineApiError(
    404,
    `create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`,
  );
}

/**
 * Driver options: none, or a bind of an absolute host directory. Returns the
 * directory the volume's data really lives in when it is such a bind.
 */
export function bindDevice(
  name: string,
  options: Readonly<Record<string, string>> | null | undefined,
): string | undefined {
  if (options === null || options === undefined || Object.keys(options).length === 0) {
    return undefined;
  }
  const { type = '', o = '', device = '', ...rest } = options;
  const flags = o.split(',').map((flag) => flag.trim());
  const isBind = (type === 'none' || type === '') && flags.includes('bind');
  if (Object.keys(rest).length > 0 || !isBind) {
    throw new EngineApiError(
      400,
      `create ${name}: the built-in engine's local volume driver takes no options other than a bind (type=none, o=bind, device=/host/dir); got ${JSON.stringify(options)}`,
    );
  }
  if (!device.startsWith('/')) {
    throw new EngineApiError(
      400,
      `create ${name}: a bind volume's device must be an absolute path, not "${device}"`,
    );
  }
  return device;
}

export function inspectShape(record: VolumeRecord): Dockerode.VolumeInspectInfo {
  return {
    CreatedAt: record.CreatedAt,
    Driver: record.Driver,
    Labels: (record.Labels === null ? null : { ...record.Labels }) as Record<string, string>,
    Mountpoint: record.Mountpoint,
    Name: record.Name,
    Options: record.Options === null ? null : { ...record.Options },
    Scope: record.Scope,
  } as Dockerode.VolumeInspectInfo;
}

/** `GET /volumes?filters=`: name (pattern), driver (exact), label, dangling (no container uses it). */
export function filterVolumes(
  records: readonly VolumeRecord[],
  filters: ApiFilters,
  usedBy: (name: string) => readonly string[],
): VolumeRecord[] {
  checkFilterKeys(filters, ['dangling', 'driver', 'label', 'name']);
  const dangling = booleanFilter(filters, 'dangling');
  return records.filter(
    (record) =>
      matchField(filters, 'name', record.Name) &&
      exactField(filters, 'driver', record.Driver) &&
      matchLabels(filters, record.Labels) &&
      (dangling === undefined || (usedBy(record.Name).length === 0) === dangling),
  );
}

/** `POST /volumes/prune?filters=` (API 1.41: every unused volume, anonymous or named). */
export function pruneCandidates(
  records: readonly VolumeRecord[],
  filters: ApiFilters,
  usedBy: (name: string) => readonly string[],
): VolumeRecord[] {
  checkFilterKeys(filters, ['label', 'label!']);
  return records.filter(
    (record) => usedBy(record.Name).length === 0 && matchLabels(filters, record.Labels),
  );
}

/** `2026-11-22T16:19:38.123Z` → `2026-11-22T16:19:38Z`, as the Engine shows CreatedAt. */
export function createdAt(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}
