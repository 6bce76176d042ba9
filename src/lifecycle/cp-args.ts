/**
 * The two arguments of `cp`, as compose reads them (`splitCpArg`): `SERVICE:PATH`
 * names a path in a service's container, anything else is local — an absolute
 * path, a path without `:`, or one starting with `.` (`./file:name.txt`).
 */
import { CopyError } from './cp-tar.js';

export interface CopyEnd {
  /** Undefined for a local path (or `-`, standard input/output). */
  readonly service?: string;
  readonly path: string;
}

export type CopyDirection =
  | {
      readonly kind: 'from-service';
      readonly service: string;
      readonly source: string;
      readonly destination: string;
    }
  | {
      readonly kind: 'to-service';
      readonly service: string;
      readonly source: string;
      readonly destination: string;
    };

export function splitCpArg(arg: string): CopyEnd {
  if (arg.startsWith('/')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0) return { path: arg };
  const service = arg.slice(0, colon);
  if (service === '' || service.startsWith('.')) return { path: arg };
  return { service, path: arg.slice(colon + 1) };
}

export function copyDirection(source: string, destination: string): CopyDirection {
  if (source === '') throw new CopyError('cp.usage', 'source can not be empty');
  if (destination === '') throw new CopyError('cp.usage', 'destination can not be empty');
  const from = splitCpArg(source);
  const to = splitCpArg(destination);
  if (from.service !== undefined && to.service !== undefined)
    throw new CopyError('cp.usage', 'copying between services is not supported');
  if (from.service !== undefined)
    return { kind: 'from-service', service: from.service, source: from.path, destination: to.path };
  if (to.service !== undefined)
    return { kind: 'to-service', service: to.service, source: from.path, destination: to.path };
  throw new CopyError(
    'cp.usage',
    'unknown copy direction: one of SOURCE and DESTINATION must be SERVICE:PATH',
  );
}
