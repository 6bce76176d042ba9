import { posix } from 'node:path';
import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { splitPlainSpec } from '../volume-spec.js';
import { reportError, type NormalizeContext } from './context.js';

class VolumeSyntaxError extends Error {}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const SELINUX = new Set(['z', 'Z']);

/** Like Go's `path.Clean` for container paths: `/data/../x/` → `/x`. */
export function cleanContainerPath(target: string): string {
  if (target === '') return target;
  // Nearly every target is already clean (`/data`): no `//`, no `.` or `..`
  // segment, no trailing `/`. posix.normalize would return it unchanged.
  if (
    target.charCodeAt(0) === 0x2f &&
    target.indexOf('//') === -1 &&
    target.indexOf('/.') === -1 &&
    target.charCodeAt(target.length - 1) !== 0x2f
  )
    return target;
  const cleaned = posix.normalize(target);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/** A bind mount source: a path (`.`, `/`, `~`), a Windows pipe `\\` or a drive `X:`. */
export function isHostPath(source: string): boolean {
  if (source === '') return false;
  if ('./~'.includes(source[0]!)) return true;
  if (source.startsWith('\\\\')) return true;
  return /^\p{L}:/u.test(source);
}

/**
 * Splits a short volume spec on `:`, except after a one-letter drive (`C:\x`)
 * and inside `${...}` (an unresolved default may contain colons).
 */
function splitVolumeSpec(spec: string): string[] {
  const simple = splitPlainSpec(spec);
  if (simple !== undefined) return simple;
  const fields: string[] = [];
  let buffer = '';
  let substitutionDepth = 0;
  for (let i = 0; i < spec.length; i++) {
    const char = spec[i]!;
    if (char === '$' && spec[i + 1] === '{') substitutionDepth++;
    else if (char === '}' && substitutionDepth > 0) substitutionDepth--;
    else if (char === ':' && substitutionDepth === 0 && !/^\p{L}$/u.test(buffer)) {
      fields.push(buffer);
      buffer = '';
      continue;
    }
    buffer += char;
  }
  fields.push(buffer);
  return fields;
}

function applyOptions(volume: RawMapping, options: string): void {
  for (const option of options.split(',')) {
    if (option === 'ro') volume.read_only = true;
    else if (option === 'rw') volume.read_only = false;
    else if (option === 'nocopy') volume.volume = { nocopy: true };
    else if (PROPAGATIONS.has(option))
      volume.bind = { ...(volume.bind as RawMapping), propagation: option };
    else if (SELINUX.has(option)) volume.bind = { ...(volume.bind as RawMapping), selinux: option };
    // Unknown options are ignored, as compose does.
  }
}

/** Parses `[source:]target[:options]` into the long syntax (§10.2). */
export function parseShortVolume(spec: string): RawMapping {
  if (spec === '') throw new VolumeSyntaxError('invalid empty volume spec');
  if (spec.length <= 2) return { type: 'volume', target: spec };
  const fields = splitVolumeSpec(spec);
  if (fields.some((field) => field === ''))
    throw new VolumeSyntaxError('empty section between colons');
  if (fields.length > 3) throw new VolumeSyntaxError('too many colons');
  const [first, second, options] = fields as [string, string?, string?];
  const volume: RawMapping = {};
  const source = second === undefined ? '' : first;
  if (options !== undefined) applyOptions(volume, options);
  const bind = volume.bind as RawMapping | undefined;
  const read = volume.read_only;
  const nocopy = volume.volume;
  const result: RawMapping = { type: isHostPath(source) ? 'bind' : 'volume' };
  if (source !== '') result.source = source;
  result.target = cleanContainerPath(second ?? first);
  if (read === true) result.read_only = true;
  if (result.type === 'bind') {
    // Short syntax always creates a missing host path (docker-compose v1 behaviour).
    result.bind = { ...bind, create_host_path: true };
    if (nocopy) result.volume = nocopy;
  } else {
    if (bind) result.bind = bind;
    result.volume = nocopy ?? {};
  }
  return result;
}

function normalizeLongVolume(volume: RawMapping): RawMapping {
  const result: RawMapping = { ...volume };
  if (typeof volume.target === 'string') result.target = cleanContainerPath(volume.target);
  // §10.3: a long bind mount with a `bind:` block creates the host path unless told not to.
  if (
    volume.type === 'bind' &&
    isMapping(volume.bind) &&
    volume.bind.create_host_path === undefined
  ) {
    result.bind = { ...volume.bind, create_host_path: true };
  }
  return result;
}

/** The unicity key of a mount: its container target. */
function volumeKey(volume: RawMapping): string {
  return String(volume.target ?? '');
}

/** Converts a service's `volumes` to long syntax, then de-duplicates by target. */
export function normalizeVolumes(
  volumes: unknown,
  path: KeyPath,
  context: NormalizeContext,
): unknown {
  if (!Array.isArray(volumes)) return volumes;
  const byTarget = new Map<string, number>();
  const result: RawMapping[] = [];
  volumes.forEach((item, index) => {
    let entry: RawMapping;
    try {
      if (typeof item === 'string') entry = parseShortVolume(item);
      else if (isMapping(item)) entry = normalizeLongVolume(item);
      else throw new VolumeSyntaxError(`invalid volume ${JSON.stringify(item)}`);
    } catch (error) {
      if (!(error instanceof VolumeSyntaxError)) throw error;
      const message = `invalid spec: ${String(item)}: ${error.message}`;
      reportError(context, [...path, index], 'volumes.invalid', message);
      return;
    }
    const existing = byTarget.get(volumeKey(entry));
    if (existing === undefined) {
      byTarget.set(volumeKey(entry), result.length);
      result.push(entry);
    } else result[existing] = entry;
  });
  return result;
}
