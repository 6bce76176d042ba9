import { ComposeError } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import { isMapping } from '../raw.js';
import { splitPlainSpec } from '../volume-spec.js';

/** Computes the identity of one sequence item; items with equal identities are duplicates. */
export type Indexer = (item: unknown, path: KeyPath) => string;

function unicityError(message: string, path: KeyPath): ComposeError {
  return ComposeError.of({ code: 'merge.unicity', message, path });
}

/** Go's `%s`/`%d` verbs applied to a value of the wrong type print a marker; identities keep that distinction. */
function goVerbText(value: unknown, verb: 's' | 'd'): string {
  if (value === undefined || value === null) return `%!${verb}(<nil>)`;
  if (verb === 's' && typeof value === 'string') return value;
  if (verb === 'd' && typeof value === 'number' && Number.isInteger(value)) return String(value);
  return `%!${verb}(${typeof value}=${String(value)})`;
}

/** `KEY=VAL` / `KEY` items: identity is the text before the first `=`. */
export const keyValueIndexer: Indexer = (item, path) => {
  if (typeof item !== 'string') throw unicityError(`unexpected type ${typeof item}`, path);
  const equals = item.indexOf('=');
  return equals < 0 ? item : item.slice(0, equals);
};

/**
 * Splits a short volume spec on `:`; a drive letter (`C:`) and `${...}` sections
 * are not split points.
 */
export function splitVolumeSpec(spec: string): string[] {
  // A drive letter needs a one-character field and `${` a `$`: neither, a plain split.
  const simple = splitPlainSpec(spec);
  if (simple !== undefined) return simple;
  const fields: string[] = [];
  let current = '';
  let braceDepth = 0;
  for (let i = 0; i < spec.length; i++) {
    const char = spec[i]!;
    if (char === '$' && spec[i + 1] === '{') braceDepth++;
    else if (char === '}' && braceDepth > 0) braceDepth--;
    const isDriveLetter =
      current.length === 1 && /[A-Za-z]/.test(current) && /[\\/]/.test(spec[i + 1] ?? '');
    if (char === ':' && braceDepth === 0 && !isDriveLetter) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}

/** The container path of a short volume spec (`src:dst[:opts]`, or just `dst`). */
export function shortVolumeTarget(spec: string, path: KeyPath): string {
  if (spec === '') throw unicityError('invalid empty volume spec', path);
  const fields = splitVolumeSpec(spec);
  if (fields.length > 3) throw unicityError(`invalid spec: ${spec}: too many colons`, path);
  return fields.length === 1 ? fields[0]! : fields[1]!;
}

export const volumeIndexer: Indexer = (item, path) => {
  if (isMapping(item)) {
    const target = item['target'];
    if (typeof target !== 'string') {
      throw unicityError('service volume is missing a mount target', path);
    }
    return target;
  }
  return typeof item === 'string' ? shortVolumeTarget(item, path) : '';
};

export const deviceIndexer: Indexer = (item, path) => {
  if (isMapping(item)) {
    const target = item['target'];
    if (typeof target !== 'string') {
      throw unicityError('service device is missing a mount target', path);
    }
    return target;
  }
  if (typeof item !== 'string') return '';
  const fields = item.split(':');
  return fields.length === 1 ? fields[0]! : fields[1]!;
};

export const exposeIndexer: Indexer = (item, path) => {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' && Number.isInteger(item)) return String(item);
  throw unicityError(`unsupported expose value ${String(item)}`, path);
};

/** Secrets and configs: the mount target, defaulting to `<dir>/<source>`. */
export function mountIndexer(defaultDirectory: string): Indexer {
  return (item, path) => {
    if (typeof item === 'string') return `${defaultDirectory}/${item}`;
    if (isMapping(item)) {
      if ('target' in item) return String(item['target']);
      return `${defaultDirectory}/${goVerbText(item['source'], 's')}`;
    }
    throw unicityError(`unsupported expose value ${String(item)}`, path);
  };
}

/** Short ports are compared as written; long ones as `host_ip:published:target/protocol`. */
export const portIndexer: Indexer = (item, path) => {
  if (typeof item === 'number' && Number.isInteger(item)) return String(item);
  if (typeof item === 'string') return item;
  if (!isMapping(item)) return '';
  if (!('target' in item)) throw unicityError('service port is missing a target port', path);
  const host = 'host_ip' in item ? goVerbText(item['host_ip'], 's') : '0.0.0.0';
  const protocol = 'protocol' in item ? goVerbText(item['protocol'], 's') : 'tcp';
  return `${host}:${goVerbText(item['published'], 's')}:${goVerbText(item['target'], 'd')}/${protocol}`;
};

export const envFileIndexer: Indexer = (item, path) => {
  if (typeof item === 'string') return item;
  if (isMapping(item)) {
    if (!('path' in item)) throw unicityError('env_file entry is missing its path attribute', path);
    return String(item['path']);
  }
  return '';
};
