import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { ComposeError } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { splitVolumeSpec } from './merge/indexers.js';
import { cloneRaw } from './merge/raw-utils.js';
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
 * Returns a new model.
 */
export function resolveRelativePaths(
  model: RawMapping,
  baseDir: string,
  options: ResolvePathsOptions = {},
): RawMapping {
  return new PathResolver(baseDir, options.homeDir ?? homedir()).resolveModel(cloneRaw(model));
}

class PathResolver {
  constructor(
    private readonly baseDir: string,
    private readonly homeDir: string,
  ) {}

  /** `~` and `~/x` are the home directory (compose-go expands any leading `~`). */
  private expandHome(path: string): string {
    return path.startsWith('~') ? join(this.homeDir, path.slice(1)) : path;
  }

  /** compose-go `absPath`: only a Unix-absolute path is kept; `''` stays empty. */
  absolute(path: string): string {
    const expanded = this.expandHome(path);
    if (posix.isAbsolute(expanded) || expanded === '') return expanded;
    return join(this.baseDir, expanded);
  }

  /** compose-go `maybeUnixPath`: Windows-absolute paths are also kept (Windows client, Linux engine). */
  hostPath(path: string): string {
    const expanded = this.expandHome(path);
    if (posix.isAbsolute(expanded) || WINDOWS_ABSOLUTE.test(expanded)) return expanded;
    return join(this.baseDir, expanded);
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
    if (isMapping(value)) {
      for (const [key, entry] of Object.entries(value))
        if (typeof entry === 'string') value[key] = resolve(entry);
      return value;
    }
    if (!Array.isArray(value)) return value;
    return value.map((item: unknown) => {
      if (typeof item !== 'string') return item;
      const equals = item.indexOf('=');
      return equals < 0 ? item : `${item.slice(0, equals + 1)}${resolve(item.slice(equals + 1))}`;
    });
  }

  resolveModel(model: RawMapping): RawMapping {
    const services = model['services'];
    if (isMapping(services)) {
      for (const [name, service] of Object.entries(services)) {
        if (isMapping(service)) this.service(service, ['services', name]);
      }
    }
    for (const section of ['configs', 'secrets']) {
      const resources = model[section];
      if (!isMapping(resources)) continue;
      for (const resource of Object.values(resources)) {
        if (isMapping(resource) && typeof resource['file'] === 'string')
          resource['file'] = this.hostPath(resource['file']);
      }
    }
    const volumes = model['volumes'];
    if (isMapping(volumes))
      for (const volume of Object.values(volumes)) this.localBindVolume(volume);
    if (Array.isArray(model['include']))
      model['include'] = model['include'].map((entry: unknown) => this.include(entry));
    return model;
  }

  private service(service: RawMapping, path: KeyPath): void {
    const build = service['build'];
    if (typeof build === 'string') service['build'] = this.context(build);
    else if (isMapping(build)) {
      if (typeof build['context'] === 'string') build['context'] = this.context(build['context']);
      if ('additional_contexts' in build) {
        build['additional_contexts'] = this.namedValues(build['additional_contexts'], (v) =>
          this.context(v),
        );
      }
      if ('ssh' in build) build['ssh'] = this.namedValues(build['ssh'], (v) => this.hostPath(v));
    }
    if ('env_file' in service) service['env_file'] = this.envFiles(service['env_file']);
    if ('label_file' in service)
      service['label_file'] = this.eachPath(service['label_file'], (v) => this.absolute(v));
    const extendsRef = service['extends'];
    if (
      isMapping(extendsRef) &&
      typeof extendsRef['file'] === 'string' &&
      !extendsRef['file'].includes('://')
    ) {
      extendsRef['file'] = this.absolute(extendsRef['file']);
    }
    const develop = service['develop'];
    if (isMapping(develop) && Array.isArray(develop['watch'])) {
      for (const rule of develop['watch']) {
        if (isMapping(rule) && typeof rule['path'] === 'string')
          rule['path'] = this.watchPath(rule['path']);
      }
    }
    if (Array.isArray(service['volumes'])) {
      service['volumes'] = service['volumes'].map((mount: unknown, index) =>
        this.serviceVolume(mount, [...path, 'volumes', index]),
      );
    }
  }

  private envFiles(value: unknown): unknown {
    if (!Array.isArray(value)) return this.eachPath(value, (v) => this.absolute(v));
    return value.map((entry: unknown) => {
      if (typeof entry === 'string') return this.absolute(entry);
      if (isMapping(entry) && typeof entry['path'] === 'string')
        entry['path'] = this.absolute(entry['path']);
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
    if (typeof mount['source'] === 'string') mount['source'] = this.hostPath(mount['source']);
    return mount;
  }

  /** A `local` volume with `o: bind` mounts `device` from the host. */
  private localBindVolume(volume: unknown): void {
    if (!isMapping(volume) || volume['driver'] !== 'local') return;
    const options = volume['driver_opts'];
    if (!isMapping(options) || options['o'] !== 'bind' || typeof options['device'] !== 'string')
      return;
    options['device'] = this.hostPath(options['device']);
  }

  private include(entry: unknown): unknown {
    if (typeof entry === 'string') return this.absolute(entry);
    if (!isMapping(entry)) return entry;
    if ('path' in entry) entry['path'] = this.eachPath(entry['path'], (v) => this.absolute(v));
    if (typeof entry['project_directory'] === 'string') {
      entry['project_directory'] = this.absolute(entry['project_directory']);
    }
    if ('env_file' in entry)
      entry['env_file'] = this.eachPath(entry['env_file'], (v) => this.absolute(v));
    return entry;
  }
}
