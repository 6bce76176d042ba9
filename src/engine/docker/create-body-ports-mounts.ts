/**
 * Ports and mounts of `POST /containers/create`: pure translations of the
 * engine-neutral `ContainerSpec` pieces into Engine API shapes.
 */
import type { EngineWarningSink, MountSpec, PortBinding } from '../types.js';

/** `"1.41"` ≥ `"1.44"`? Engine API versions are `major.minor`. */
export function apiAtLeast(apiVersion: string, wanted: string): boolean {
  const [major = 0, minor = 0] = apiVersion.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = wanted.split('.').map(Number);
  return major !== wantMajor ? major > wantMajor : minor >= wantMinor;
}

/** `"8000-8002/udp"` → `["8000/udp", "8001/udp", "8002/udp"]`; a plain `"80"` is tcp. */
export function expandExposed(entry: string): string[] {
  const [range = '', protocol = 'tcp'] = entry.split('/');
  const [first, last] = range.split('-').map(Number);
  if (first === undefined || !Number.isInteger(first)) return [`${range}/${protocol}`];
  const end = last !== undefined && Number.isInteger(last) ? last : first;
  const ports: string[] = [];
  for (let port = first; port <= end; port++) ports.push(`${port}/${protocol}`);
  return ports;
}

export interface PortsBody {
  readonly exposedPorts: Record<string, Record<string, never>>;
  readonly portBindings: Record<string, { HostIp: string; HostPort: string }[]>;
}

/**
 * Every published target is also exposed. A published range against one target
 * (`8000-8010:80`) stays a range in `HostPort`: the engine picks a free port in it,
 * as the docker CLI does.
 */
export function portsBody(ports: readonly PortBinding[], expose: readonly string[]): PortsBody {
  const exposedPorts: Record<string, Record<string, never>> = {};
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const entry of expose) for (const key of expandExposed(entry)) exposedPorts[key] = {};
  for (const port of ports) {
    const key = `${port.target}/${port.protocol}`;
    exposedPorts[key] = {};
    const bindings = (portBindings[key] ??= []);
    bindings.push({ HostIp: port.hostIp ?? '', HostPort: port.published ?? '' });
  }
  return { exposedPorts, portBindings };
}

export interface MountsBody {
  /** `HostConfig.Mounts`. */
  readonly mounts: Record<string, unknown>[];
  /** `HostConfig.Binds`: the legacy form, the only one that creates a missing host path and takes SELinux labels. */
  readonly binds: string[];
}

function bindString(mount: Extract<MountSpec, { type: 'bind' }>): string {
  const options = [mount.readOnly ? 'ro' : 'rw'];
  if (mount.selinux) options.push(mount.selinux);
  if (mount.propagation) options.push(mount.propagation);
  return `${mount.source}:${mount.target}:${options.join(',')}`;
}

/** Minimum Engine API per mount feature; below it the feature is dropped with a warning. */
const SUBPATH_API = '1.45';
const CLUSTER_API = '1.42';
const IMAGE_MOUNT_API = '1.47';

export function mountsBody(
  specs: readonly MountSpec[],
  warn: EngineWarningSink,
  apiVersion: string,
): MountsBody {
  const mounts: Record<string, unknown>[] = [];
  const binds: string[] = [];
  for (const mount of specs) {
    switch (mount.type) {
      case 'bind':
        // Like Docker Compose: `Mounts` refuses a missing source, `Binds` creates it.
        if (mount.createHostPath || mount.selinux) {
          binds.push(bindString(mount));
        } else {
          mounts.push({
            Type: 'bind',
            Source: mount.source,
            Target: mount.target,
            ReadOnly: mount.readOnly,
            ...(mount.propagation ? { BindOptions: { Propagation: mount.propagation } } : {}),
          });
        }
        break;
      case 'volume': {
        const options: Record<string, unknown> = {};
        if (mount.noCopy) options['NoCopy'] = true;
        if (mount.subpath !== undefined) {
          if (apiAtLeast(apiVersion, SUBPATH_API)) options['Subpath'] = mount.subpath;
          else
            warn(
              `volumes.volume.subpath (${mount.target}) needs Engine API ${SUBPATH_API}+ (this engine speaks ${apiVersion}) and is ignored`,
            );
        }
        mounts.push({
          Type: 'volume',
          ...(mount.source ? { Source: mount.source } : {}),
          Target: mount.target,
          ReadOnly: mount.readOnly,
          ...(Object.keys(options).length > 0 ? { VolumeOptions: options } : {}),
        });
        break;
      }
      case 'tmpfs': {
        const options: Record<string, unknown> = {};
        if (mount.sizeBytes !== undefined) options['SizeBytes'] = mount.sizeBytes;
        if (mount.mode !== undefined) options['Mode'] = mount.mode;
        mounts.push({
          Type: 'tmpfs',
          Target: mount.target,
          ...(Object.keys(options).length > 0 ? { TmpfsOptions: options } : {}),
        });
        break;
      }
      case 'npipe':
      case 'cluster':
      case 'image': {
        const minimum =
          mount.type === 'cluster' ? CLUSTER_API : mount.type === 'image' ? IMAGE_MOUNT_API : '1.0';
        if (!apiAtLeast(apiVersion, minimum)) {
          warn(
            `volumes.type ${mount.type} (${mount.target}) needs Engine API ${minimum}+ (this engine speaks ${apiVersion}) and is ignored`,
          );
          break;
        }
        mounts.push({
          Type: mount.type,
          ...(mount.source ? { Source: mount.source } : {}),
          Target: mount.target,
          ReadOnly: mount.readOnly,
        });
        break;
      }
      default: {
        const unreachable: never = mount;
        throw new Error(`unknown mount type ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return { mounts, binds };
}
