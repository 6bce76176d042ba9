import type { MountSpec } from '../engine/types.js';
import type { Project, ServiceConfig, ServiceVolume } from '../spec/model.js';
import { volumeName } from './names.js';

function mountFor(project: Project, volume: ServiceVolume): MountSpec {
  const readOnly = volume.read_only ?? false;
  switch (volume.type) {
    case 'bind':
      return {
        type: 'bind',
        source: volume.source ?? '',
        target: volume.target,
        readOnly,
        createHostPath: volume.bind?.create_host_path ?? false,
        ...(volume.bind?.propagation !== undefined && { propagation: volume.bind.propagation }),
        ...((volume.bind?.selinux === 'z' || volume.bind?.selinux === 'Z') && {
          selinux: volume.bind.selinux,
        }),
      };
    case 'volume':
      return {
        type: 'volume',
        // A named volume mounts under its engine name; no source = an anonymous volume.
        ...(volume.source !== undefined && { source: volumeName(project, volume.source) }),
        target: volume.target,
        readOnly,
        noCopy: volume.volume?.nocopy ?? false,
        ...(volume.volume?.subpath !== undefined && { subpath: volume.volume.subpath }),
      };
    case 'tmpfs':
      return {
        type: 'tmpfs',
        target: volume.target,
        ...(volume.tmpfs?.size !== undefined && { sizeBytes: volume.tmpfs.size }),
        ...(volume.tmpfs?.mode !== undefined && { mode: volume.tmpfs.mode }),
      };
    default:
      return {
        type: volume.type === 'npipe' || volume.type === 'cluster' ? volume.type : 'image',
        ...(volume.source !== undefined && { source: volume.source }),
        target: volume.target,
        readOnly,
      };
  }
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `/run:size=64m,mode=1777` → a tmpfs mount, or undefined when it carries other options. */
function tmpfsEntry(entry: string): MountSpec | undefined {
  const [target, options = ''] = entry.split(/:(.*)/s, 2) as [string, string?];
  let sizeBytes: number | undefined;
  let mode: number | undefined;
  for (const option of options.split(',').filter((part) => part !== '')) {
    const size = /^size=(\d+)([kmg]?)b?$/i.exec(option);
    const octal = /^mode=([0-7]+)$/.exec(option);
    if (size) sizeBytes = Number(size[1]) * SIZE_UNITS[size[2]!.toLowerCase()]!;
    else if (octal) mode = parseInt(octal[1]!, 8);
    else return undefined;
  }
  return {
    type: 'tmpfs',
    target,
    ...(sizeBytes !== undefined && { sizeBytes }),
    ...(mode !== undefined && { mode }),
  };
}

/**
 * Mounts of a service (`volumes` and the plain entries of `tmpfs`) plus the
 * `tmpfs` entries a mount cannot express (options like `noexec`), which stay
 * in the spec's `extra.tmpfs` for the backend.
 */
export function serviceMounts(
  project: Project,
  service: ServiceConfig,
): { mounts: MountSpec[]; tmpfsLeft: string[] } {
  const mounts = (service.volumes ?? []).map((volume) => mountFor(project, volume));
  const tmpfsLeft: string[] = [];
  for (const entry of service.tmpfs ?? []) {
    const mount = tmpfsEntry(entry);
    if (mount) mounts.push(mount);
    else tmpfsLeft.push(entry);
  }
  return { mounts, tmpfsLeft };
}

/** Engine names of the named (non-anonymous) volumes a service mounts, sorted. */
export function namedVolumeKeys(service: ServiceConfig): string[] {
  const keys = (service.volumes ?? [])
    .filter((volume) => volume.type === 'volume' && volume.source !== undefined)
    .map((volume) => volume.source!);
  return [...new Set(keys)].sort();
}
