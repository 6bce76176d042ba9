/**
 * The mounts a create body asks for, from its four sources: `HostConfig.Binds`
 * (`src:dst[:opts]`, a volume when src is not an absolute path),
 * `HostConfig.Mounts` (typed), `HostConfig.Tmpfs` and `Config.Volumes` (image
 * and body VOLUMEs not covered by another mount become anonymous volumes).
 * Pure: the container service turns volume entries into host paths through
 * the volume service.
 */
import { posix } from 'node:path';
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';

export type PlannedMount =
  | {
      readonly type: 'volume';
      /** undefined = a new anonymous volume. */
      readonly name: string | undefined;
      readonly destination: string;
      readonly readOnly: boolean;
      readonly mode: string;
      readonly labels?: Record<string, string>;
    }
  | {
      readonly type: 'bind';
      readonly source: string;
      readonly destination: string;
      readonly readOnly: boolean;
      readonly mode: string;
      readonly propagation: string;
      /** Binds create a missing source directory; typed mounts refuse it (Docker). */
      readonly createSource: boolean;
    }
  | { readonly type: 'tmpfs'; readonly destination: string; readonly options: string[] };

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

function bad(message: string): EngineApiError {
  return new EngineApiError(400, message);
}

function destinationOf(raw: string, spec: string): string {
  if (!raw.startsWith('/')) {
    throw bad(
      `invalid volume specification: '${spec}': invalid mount config for type "volume": invalid mount path: '${raw}' mount path must be absolute`,
    );
  }
  return clean(raw);
}

/** Normalized, without a trailing '/' (so `/data` and `/data/` are one mount point). */
function clean(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** One `HostConfig.Binds` entry. */
export function parseBind(spec: string): PlannedMount {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) throw bad(`invalid volume specification: '${spec}'`);
  const [source = '', target = '', optionText = ''] = parts;
  if (source === '') throw bad(`invalid volume specification: '${spec}'`);
  const destination = destinationOf(target, spec);
  const options = optionText === '' ? [] : optionText.split(',');
  let readOnly = false;
  let propagation = 'rprivate';
  const modes: string[] = [];
  for (const option of options) {
    if (option === 'ro' || option === 'rw') readOnly = option === 'ro';
    else if (PROPAGATIONS.has(option)) propagation = option;
    else if (option === 'z' || option === 'Z' || option === 'nocopy') modes.push(option);
    else throw bad(`invalid mode: ${option}`);
  }
  const mode = optionText;
  if (source.startsWith('/')) {
    return {
      type: 'bind',
      source: clean(source),
      destination,
      readOnly,
      mode,
      propagation,
      createSource: true,
    };
  }
  return { type: 'volume', name: source, destination, readOnly, mode: modes.join(',') };
}

/** One `HostConfig.Mounts` entry. */
export function parseMount(mount: Dockerode.MountSettings): PlannedMount {
  const target = mount.Target ?? '';
  const spec = `${mount.Type}:${mount.Source ?? ''}:${target}`;
  const destination = destinationOf(target, spec);
  const readOnly = mount.ReadOnly === true;
  switch (mount.Type) {
    case 'bind':
      if (!mount.Source || !mount.Source.startsWith('/')) {
        throw bad(
          `invalid mount config for type "bind": invalid mount path: '${mount.Source ?? ''}' mount path must be absolute`,
        );
      }
      return {
        type: 'bind',
        source: clean(mount.Source),
        destination,
        readOnly,
        mode: '',
        propagation: mount.BindOptions?.Propagation ?? 'rprivate',
        createSource: false,
      };
    case 'volume':
      return {
        type: 'volume',
        name: mount.Source ? mount.Source : undefined,
        destination,
        readOnly,
        mode: 'z',
        labels: mount.VolumeOptions?.Labels,
      };
    case 'tmpfs': {
      const options: string[] = [];
      if (mount.TmpfsOptions?.SizeBytes) options.push(`size=${mount.TmpfsOptions.SizeBytes}`);
      if (mount.TmpfsOptions?.Mode) options.push(`mode=${mount.TmpfsOptions.Mode.toString(8)}`);
      return { type: 'tmpfs', destination, options };
    }
    default:
      throw bad(`mount type "${String(mount.Type)}" is not supported by the built-in engine`);
  }
}

/** Every mount of a create body, in Docker's precedence; 400 on a duplicate mount point. */
export function planMounts(
  hostConfig: Dockerode.HostConfig,
  volumes: Readonly<Record<string, unknown>> | undefined,
): PlannedMount[] {
  const planned: PlannedMount[] = [];
  const taken = new Set<string>();
  const add = (mount: PlannedMount): void => {
    if (taken.has(mount.destination)) throw bad(`Duplicate mount point: ${mount.destination}`);
    taken.add(mount.destination);
    planned.push(mount);
  };
  for (const spec of hostConfig.Binds ?? []) add(parseBind(spec));
  for (const mount of hostConfig.Mounts ?? []) add(parseMount(mount));
  for (const [target, options] of Object.entries(hostConfig.Tmpfs ?? {})) {
    const destination = destinationOf(target, target);
    add({ type: 'tmpfs', destination, options: options === '' ? [] : options.split(',') });
  }
  for (const target of Object.keys(volumes ?? {})) {
    const destination = destinationOf(target, target);
    if (taken.has(destination)) continue;
    add({ type: 'volume', name: undefined, destination, readOnly: false, mode: '' });
  }
  return planned;
}
