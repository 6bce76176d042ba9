import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { ComposeError } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { splitVolumeSpec } from './merge/indexers.js';
import { setKey } from './merge/raw-utils.js';
import { isMapping, type RawMapping } from './raw.js';

export interface ResolvePathsOptions {
  /** Directory `~` expands to; defaults to the current user's home. */
  homeDir?: string;
}

/** Build contexts that name something other than a local directory. */
const REMOTE_CONTEXT_PREFIXES = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\)/;

/**
 * Makes the relative paths of a raw (not yet canonical) model absolute against
 * `baseDir` (§11). Short and long syntaxes are both handled since the model is
 * raw: `build: ./app`, `./data:/data`, `env_file: a.env`, `env_file: [{path}]`...
 * Returns a new model; the input is never modified. Containers holding no path
 * are shared with the input rather than copied (a deep copy of a large project
 * cost more than resolving its paths).
 */
export function resolveRelativePaths(
  model: RawMapping,
  baseDir: string,
  options: ResolvePathsOptions = {},
): RawMapping {
  return new PathResolver(baseDir, options.homeDir ?? homedir()).resolveModel(model);
}

/** A shallow copy of `mapping` with `key` set to `value` (own key even for `__proto__`). */
function withKey(mapping: RawMapping, key: string, value: unknown): RawMapping {
  const copy: RawMapping = { ...mapping };
  setKey(copy, key, value);
  return copy;
}

/**
 * Applies `resolve` to each value of a mapping; a copy only when some value
 * changed. The mapping of `configs`, `secrets`, `volumes` and `services`.
 *
 * The copy is built key by key, never as `{ ...mapping }`: V8 gives the spread
 * of a mapping of about a thousand keys (a big `services`) as many fast
 * properties, and each later write to that copy then costs about 9 µs (18 ms
 * for 1000 services), where building it costs 1 ms.
 */
function mapValues(
  mapping: RawMapping,
  resolve: (value: unknown, key: string) => unknown,
): RawMapping {
  const keys = Object.keys(mapping);
  let copy: RawMapping | undefined;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const value = mapping[key];
    const resolved = resolve(value, key);
    if (copy === undefined) {
      if (resolved === value) continue;
      copy = {};
      for (const earlier of keys.slice(0, index)) setKey(copy, earlier, mapping[earlier]);
    }
    setKey(copy, key, resolved);
  }
  return copy ?? mapping;
}

class PathResolver {
  /** `join(baseDir, path)` by path: a large project names the same few paths (`./conf`) again and again. */
  private readonly joined = new Map<string, string>();

  constructor(
    private readonly baseDir: string,
    private readonly homeDir: string,
  ) {}

  private underBase(path: string): string {
    let result = this.joined.get(path);
    if (result === undefined) {
      result = join(this.baseDir, path);
      this.joined.set(path, result);
    }
    return result;
  }

  /** `~` and `~/x` are the home directory (compose-go expands any leading `~`). */
  private expandHome(path: string): string {
    return path.startsWith('~') ? join(this.homeDir, path.slice(1)) : path;
  }

  /** compose-go `absPath`: only a Unix-absolute path is kept; `''` stays empty. */
  absolute(path: string): string {
    const expanded = this.expandHome(path);
    if (posix.isAbsolute(expanded) || expanded === '') return expanded;
    return this.underBase(expanded);
  }

  /** compose-go `maybeUnixPath`: Windows-absolute paths are also kept (Windows client, Linux engine). */
  hostPath(path: string): string {
    const expanded = this.expandHome(path);
    if (posix.isAbsolute(expanded) || WINDOWS_ABSOLUTE.test(expanded)) return expanded;
    return this.underBase(expanded);
  }

  private context(value: string): string {
    if (value.includes('://') || value.startsWith('service:')) return value;
    if (REMOTE_CONTEXT_PREFIXES.some((prefix) => value.startsWith(prefix))) return value;
    return this.absolute(value);
  }

  /** Watch paths are compared with file events, which report resolved symlinks. */
  private watchPath(value: string): string {
    const absolute = this.absolute(value);
    try {
      return realpathSync(absolute);
    } catch {
      try {
        return join(realpathSync(dirname(absolute)), basename(absolute));
      } catch {
        return absolute;
      }
    }
  }

  private eachPath(value: unknown, resolve: (path: string) => string): unknown {
    if (typeof value === 'string') return resolve(value);
    if (Array.isArray(value))
      return value.map((item: unknown) => (typeof item === 'string' ? resolve(item) : item));
    return value;
  }

  /** `name=value` list items or `name: value` entries; only the value is a path. */
  private namedValues(value: unknown, resolve: (path: string) => string): unknown {
    if (isMapping(value))
      return mapValues(value, (entry) => (typeof entry === 'string' ? resolve(entry) : entry));
    if (!Array.isArray(value)) return value;
    return value.map((item: unknown) => {
      if (typeof item !== 'string') return item;
      const equals = item.indexOf('=');
      return equals < 0 ? item : `${item.slice(0, equals + 1)}${resolve(item.slice(equals + 1))}`;
    });
  }

  resolveModel(model: RawMapping): RawMapping {
    const result: RawMapping = { ...model };
    const services = model['services'];
    if (isMapping(services)) {
      result['services'] = mapValues(services, (service, name) =>
        isMapping(service) ? this.service(service, ['services', name]) : service,
      );
    }
    for (const section of ['configs', 'secrets']) {
      const resources = model[section];
      if (!isMapping(resources)) continue;
      result[section] = mapValues(resources, (resource) =>
        isMapping(resource) && typeof resource['file'] === 'string'
          ? withKey(resource, 'file', this.hostPath(resource['file']))
          : resource,
      );
    }
    const volumes = model['volumes'];
    if (isMapping(volumes))
      result['volumes'] = mapValues(volumes, (volume) => this.localBindVolume(volume));
    if (Array.isArray(model['include']))
      result['include'] = model['include'].map((entry: unknown) => this.include(entry));
    return result;
  }

  private service(service: RawMapping, path: KeyPath): RawMapping {
    const result: RawMapping = { ...service };
    const build = service['build'];
    if (typeof build === 'string') result['build'] = this.context(build);
    else if (isMapping(build)) result['build'] = this.build(build);
    if ('env_file' in service) result['env_file'] = this.envFiles(service['env_file']);
    if ('label_file' in service)
      result['label_file'] = this.eachPath(service['label_file'], (v) => this.absolute(v));
    const extendsRef = service['extends'];
    if (
      isMapping(extendsRef) &&
      typeof extendsRef['file'] === 'string' &&
      !extendsRef['file'].includes('://')
    ) {
      result['extends'] = withKey(extendsRef, 'file', this.absolute(extendsRef['file']));
    }
    const develop = service['develop'];
    if (isMapping(develop) && Array.isArray(develop['watch'])) {
      const watch = develop['watch'].map((rule: unknown) =>
        isMapping(rule) && typeof rule['path'] === 'string'
          ? withKey(rule, 'path', this.watchPath(rule['path']))
          : rule,
      );
      result['develop'] = withKey(develop, 'watch', watch);
    }
    const volumes = service['volumes'];
    if (Array.isArray(volumes)) {
      result['volumes'] = volumes.map((mount: unknown, index) =>
        this.serviceVolume(mount, [...path, 'volumes', index]),
      );
    }
    return result;
  }

  private build(build: RawMapping): RawMapping {
    const result: RawMapping = { ...build };
    if (typeof build['context'] === 'string') result['context'] = this.context(build['context']);
    if ('additional_contexts' in build) {
      result['additional_contexts'] = this.namedValues(build['additional_contexts'], (v) =>
        this.context(v),
      );
    }
    if ('ssh' in build) result['ssh'] = this.namedValues(build['ssh'], (v) => this.hostPath(v));
    return result;
  }

  private envFiles(value: unknown): unknown {
    if (!Array.isArray(value)) return this.eachPath(value, (v) => this.absolute(v));
    return value.map((entry: unknown) => {
      if (typeof entry === 'string') return this.absolute(entry);
      if (isMapping(entry) && typeof entry['path'] === 'string')
        return withKey(entry, 'path', this.absolute(entry['path']));
      return entry;
    });
  }

  /** Short `src:dst[:opts]` with a `.`/`~` source, or long `type: bind`: the host side is a path. */
  private serviceVolume(mount: unknown, path: KeyPath): unknown {
    if (typeof mount === 'string') {
      const fields = splitVolumeSpec(mount);
      const source = fields[0] ?? '';
      if (fields.length < 2 || !(source.startsWith('.') || source.startsWith('~'))) return mount;
      return [this.hostPath(source), ...fields.slice(1)].join(':');
    }
    if (!isMapping(mount) || mount['type'] !== 'bind') return mount;
    if (!('source' in mount)) {
      throw ComposeError.of({
        code: 'paths.bind-source',
        message: 'invalid mount config for type "bind": field Source must not be empty',
        path,
      });
    }
    if (typeof mount['source'] !== 'string') return mount;
    return withKey(mount, 'source', this.hostPath(mount['source']));
  }

  /** A `local` volume with `o: bind` mounts `device` from the host. */
  private localBindVolume(volume: unknown): unknown {
    if (!isMapping(volume) || volume['driver'] !== 'local') return volume;
    const options = volume['driver_opts'];
    if (!isMapping(options) || options['o'] !== 'bind' || typeof options['device'] !== 'string')
      return volume;
    return withKey(
      volume,
      'driver_opts',
      withKey(options, 'device', this.hostPath(options['device'])),
    );
  }

  private include(entry: unknown): unknown {
    if (typeof entry === 'string') return this.absolute(entry);
    if (!isMapping(entry)) return entry;
    const result: RawMapping = { ...entry };
    if ('path' in entry) result['path'] = this.eachPath(entry['path'], (v) => this.absolute(v));
    if (typeof entry['project_directory'] === 'string') {
      result['project_directory'] = this.absolute(entry['project_directory']);
    }
    if ('env_file' in entry)
      result['env_file'] = this.eachPath(entry['env_file'], (v) => this.absolute(v));
    return result;
  }
}
