/**
 * `GET /containers/json` filters with Docker's semantics: values of one key
 * are alternatives (any may match), keys combine (all must match), except
 * `label` where every value must match. `name` and `id` match as regular
 * expressions like Docker's (so a prefix or a substring works); unknown keys
 * and bad values are 400 with Docker's messages.
 */
import { EngineApiError, type ApiFilters } from '../../ports.js';
import { isActive, type ContainerRecord } from './record.js';
import { labelHolds, matchesPattern } from '../filters.js';

const KEYS = new Set([
  'ancestor', 'before', 'exited', 'health', 'id', 'label', 'name', 'network', 'since',
  'status', 'volume', 'expose', 'publish', 'is-task', 'isolation',
]); // prettier-ignore

const STATUSES = new Set([
  'created',
  'restarting',
  'running',
  'removing',
  'paused',
  'exited',
  'dead',
]);
const HEALTH = new Set(['starting', 'healthy', 'unhealthy', 'none']);

export interface FilterContext {
  /** The created time (ms) of the container a `before`/`since` value designates; throws 404 when missing. */
  createdOf(ref: string): number;
}

/** `key` or `key=value` against labels (Docker's MatchKVList). */
export function labelsMatch(
  labels: Readonly<Record<string, string>>,
  wanted: readonly string[],
): boolean {
  return wanted.every((entry) => labelHolds(labels, entry));
}

export function validateListFilters(filters: ApiFilters): void {
  for (const [key, values] of filters) {
    if (!KEYS.has(key)) throw new EngineApiError(400, `Invalid filter '${key}'`);
    for (const value of values) {
      if (key === 'status' && !STATUSES.has(value)) {
        throw new EngineApiError(400, `Invalid filter 'status=${value}'`);
      }
      if (key === 'health' && !HEALTH.has(value)) {
        throw new EngineApiError(400, `Invalid filter 'health=${value}'`);
      }
      if (key === 'exited' && !/^-?\d+$/.test(value)) {
        throw new EngineApiError(400, `Invalid filter 'exited=${value}'`);
      }
    }
  }
}

function imageMatches(record: ContainerRecord, value: string): boolean {
  const ref = record.config.Image;
  const id = record.image.id;
  const hex = id.startsWith('sha256:') ? id.slice(7) : id;
  const bare = value.startsWith('sha256:') ? value.slice(7) : value;
  if (value === ref || value === id || (bare.length >= 4 && hex.startsWith(bare))) return true;
  // `busybox` matches `busybox:latest` and the other way round.
  const withTag = (name: string): string => (/:[^/]+$/.test(name) ? name : `${name}:latest`);
  return withTag(value) === withTag(ref);
}

function portMatches(record: ContainerRecord, value: string, published: boolean): boolean {
  const [port = '', protocol = 'tcp'] = value.split('/');
  const key = `${port}/${protocol}`;
  if (published)
    return record.ports.some(
      (entry) => entry.port === key || `${entry.hostPort}/${entry.port.split('/')[1]}` === key,
    );
  return Object.hasOwn(record.config.ExposedPorts ?? {}, key);
}

function matchesOne(
  record: ContainerRecord,
  key: string,
  value: string,
  context: FilterContext,
): boolean {
  const { state } = record;
  switch (key) {
    case 'id':
      return matchesPattern(value, record.id);
    case 'name':
      return matchesPattern(value, `/${record.name}`) || matchesPattern(value, record.name);
    case 'status':
      return state.Status === value;
    case 'exited':
      return state.Status === 'exited' && state.ExitCode === Number(value);
    case 'health':
      return (state.Health?.Status ?? 'none') === value;
    case 'ancestor':
      return imageMatches(record, value);
    case 'network':
      return Object.values(record.networks).some(
        (endpoint) => endpoint.networkName === value || endpoint.networkId === value,
      );
    case 'volume':
      return record.mounts.some((mount) => mount.Name === value || mount.Destination === value);
    case 'before':
      return Date.parse(record.created) < context.createdOf(value);
    case 'since':
      return Date.parse(record.created) > context.createdOf(value);
    case 'expose':
      return portMatches(record, value, false);
    case 'publish':
      return isActive(state) && portMatches(record, value, true);
    case 'is-task':
      return value === 'false';
    case 'isolation':
      return value === 'default';
    default:
      return false;
  }
}

export function matchesFilters(
  record: ContainerRecord,
  filters: ApiFilters,
  context: FilterContext,
): boolean {
  for (const [key, values] of filters) {
    if (values.length === 0) continue;
    if (key === 'label') {
      if (!labelsMatch(record.config.Labels, values)) return false;
      continue;
    }
    if (!values.some((value) => matchesOne(record, key, value, context))) return false;
  }
  return true;
}
