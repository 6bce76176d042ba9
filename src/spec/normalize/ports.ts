import { isIP } from 'node:net';
import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { reportError, type NormalizeContext } from './context.js';

class PortSyntaxError extends Error {}

interface PortRange {
  readonly start: number;
  readonly end: number;
}

function parseRange(text: string, what: string): PortRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new PortSyntaxError(`invalid ${what} "${text}"`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 65535 || end > 65535) throw new PortSyntaxError(`invalid ${what} "${text}"`);
  if (end < start) throw new PortSyntaxError(`invalid range ${what} "${text}"`);
  return { start, end };
}

/**
 * Splits `[[ip:](port|range):](port|range)` from the right, so that in
 * `::1:6000:6000` everything before the last two fields is the IP.
 */
function splitFromRight(text: string): { ip: string; host: string; container: string } {
  const fields = text.split(':');
  const container = fields.pop()!;
  const host = fields.pop() ?? '';
  let ip = fields.join(':');
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  return { ip, host, container };
}

/** Expands one short-syntax port string into one long entry per container port. */
export function parseShortPort(spec: string): RawMapping[] {
  const slash = spec.lastIndexOf('/');
  const address = slash >= 0 ? spec.slice(0, slash) : spec;
  const protocol = slash >= 0 ? spec.slice(slash + 1).toLowerCase() : 'tcp';
  if (!['tcp', 'udp', 'sctp'].includes(protocol))
    throw new PortSyntaxError(`invalid proto "${protocol}"`);
  const { ip, host, container } = splitFromRight(address);
  if (ip !== '' && isIP(ip) === 0) throw new PortSyntaxError(`invalid ip address "${ip}"`);
  if (container === '') throw new PortSyntaxError('no port specified');
  const targets = parseRange(container, 'containerPort');
  const published = host === '' ? undefined : parseRange(host, 'hostPort');
  const count = targets.end - targets.start;
  if (published && published.end - published.start !== count && count !== 0) {
    throw new PortSyntaxError('invalid ranges specified for container and host ports');
  }
  const entries: RawMapping[] = [];
  for (let offset = 0; offset <= count; offset++) {
    const entry: RawMapping = { mode: 'ingress' };
    if (ip !== '') entry.host_ip = ip;
    entry.target = targets.start + offset;
    if (published) {
      // One container port with a host range keeps the range: the engine picks one port in it.
      const sameSize = published.end - published.start === count;
      entry.published = sameSize
        ? String(published.start + offset)
        : `${published.start}-${published.end}`;
    }
    entry.protocol = protocol;
    entries.push(entry);
  }
  return entries;
}

/** Long syntax: defaults (§10.3) and `published` as text; `host_ip` must be an IP. */
function normalizeLongPort(port: RawMapping, path: KeyPath, context: NormalizeContext): RawMapping {
  const entry: RawMapping = {
    ...port,
    mode: port.mode ?? 'ingress',
    protocol: port.protocol ?? 'tcp',
  };
  if (typeof port.published === 'number') entry.published = String(port.published);
  if (typeof port.target === 'string' && /^\d+$/.test(port.target))
    entry.target = Number(port.target);
  if (typeof port.host_ip === 'string' && port.host_ip !== '' && isIP(port.host_ip) === 0) {
    reportError(
      context,
      [...path, 'host_ip'],
      'ports.host-ip',
      `invalid ip address "${port.host_ip}"`,
    );
  }
  return entry;
}

/** The unicity key of a long port entry (§6.3): `host_ip:published:target/protocol`. */
export function portKey(port: RawMapping): string {
  const ip = typeof port.host_ip === 'string' && port.host_ip !== '' ? port.host_ip : '0.0.0.0';
  return `${ip}:${String(port.published ?? '')}:${String(port.target)}/${String(port.protocol ?? 'tcp')}`;
}

/** Converts a service's `ports` to long syntax, then de-duplicates (a later duplicate replaces in place). */
export function normalizePorts(ports: unknown, path: KeyPath, context: NormalizeContext): unknown {
  if (!Array.isArray(ports)) return ports;
  const byKey = new Map<string, number>();
  const result: RawMapping[] = [];
  ports.forEach((item, index) => {
    const itemPath = [...path, index];
    let entries: RawMapping[];
    try {
      if (typeof item === 'number') entries = parseShortPort(String(item));
      else if (typeof item === 'string') entries = parseShortPort(item);
      else if (isMapping(item)) entries = [normalizeLongPort(item, itemPath, context)];
      else throw new PortSyntaxError(`invalid port ${JSON.stringify(item)}`);
    } catch (error) {
      if (!(error instanceof PortSyntaxError)) throw error;
      reportError(
        context,
        itemPath,
        'ports.invalid',
        `invalid port ${JSON.stringify(item)}: ${error.message}`,
      );
      return;
    }
    for (const entry of entries) {
      const key = portKey(entry);
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, result.length);
        result.push(entry);
      } else result[existing] = entry;
    }
  });
  return result;
}
