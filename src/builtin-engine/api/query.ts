/**
 * Query strings and headers as the Docker Engine reads them. Clients differ in
 * how they spell the same thing (dockerode sends `true`, the docker CLI `1`,
 * docker-py `1`/`0`; filters come as `{"k":["v"]}` or the older
 * `{"k":{"v":true}}`), so each reader accepts every form the Engine accepts.
 */
import { EngineApiError, type ApiFilters, type PullRequest } from '../ports.js';

/** The Engine's rule: absent, empty, `0`, `no`, `false` and `none` are false; anything else is true. */
export function boolParam(query: URLSearchParams, key: string, fallback = false): boolean {
  const raw = query.get(key);
  if (raw === null) return fallback;
  const value = raw.trim().toLowerCase();
  return !(
    value === '' ||
    value === '0' ||
    value === 'no' ||
    value === 'false' ||
    value === 'none'
  );
}

/** An integer parameter; absent or empty → undefined; anything else that is not an integer → 400. */
export function intParam(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw.trim() === '') return undefined;
  const value = raw.trim();
  if (!/^[-+]?\d+$/.test(value)) {
    throw new EngineApiError(400, `invalid value for ${key}: ${JSON.stringify(raw)}`);
  }
  return Number(value);
}

/** A non-empty string parameter, or undefined. */
export function stringParam(query: URLSearchParams, key: string): string | undefined {
  const raw = query.get(key);
  return raw === null || raw === '' ? undefined : raw;
}

/** Decodes `filters`: both the list form and the map form; the map form's keys count whatever their value (as the Engine does). */
export function parseFilters(raw: string | null): ApiFilters {
  const filters = new Map<string, string[]>();
  if (raw === null || raw.trim() === '') return filters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new EngineApiError(400, `invalid filters: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EngineApiError(400, `invalid filters: expected a JSON object, got ${raw}`);
  }
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      filters.set(key, [...(value as string[])]);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      filters.set(key, Object.keys(value));
    } else {
      throw new EngineApiError(
        400,
        `invalid filters: the value of ${JSON.stringify(key)} must be a list of strings or an object`,
      );
    }
  }
  return filters;
}

/**
 * A point in time for `since`/`until`: Unix seconds with an optional fraction
 * (what the CLI sends), or an RFC 3339 date. Returns Unix seconds.
 */
export function timeParam(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw.trim() === '') return undefined;
  const value = raw.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) {
    throw new EngineApiError(400, `invalid value for ${key}: ${JSON.stringify(raw)}`);
  }
  return millis / 1000;
}

/** `tail`: a non-negative count, or 'all' for anything else (the Engine's lenient reading). */
export function tailParam(query: URLSearchParams): number | 'all' {
  const raw = query.get('tail')?.trim() ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : 'all';
}

/**
 * The `X-Registry-Auth` header: base64url (padded or not; plain base64 too)
 * of a JSON auth config. Like the Engine, an undecodable header counts as
 * "no credentials" for a pull rather than failing it.
 */
export function decodeRegistryAuth(header: string | undefined): PullRequest['auth'] {
  if (header === undefined || header.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(header.trim(), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const source = parsed as Record<string, unknown>;
  const auth: NonNullable<PullRequest['auth']> = {};
  for (const key of ['username', 'password', 'identitytoken', 'serveraddress'] as const) {
    const value = source[key];
    if (typeof value === 'string' && value !== '') auth[key] = value;
  }
  return Object.keys(auth).length > 0 ? auth : undefined;
}
