/**
 * `port SERVICE PRIVATE_PORT`: the public address a container port is published
 * on (`127.0.0.1:49153`), from the container compose would pick (`--index`).
 */
import type { Engine } from '../engine/types.js';
import { LifecycleError } from './containers.js';
import { targetContainer } from './exec-target.js';

export interface PortOptions {
  readonly service: string;
  readonly privatePort: number;
  /** `tcp` (default) or `udp`. */
  readonly protocol?: string;
  readonly index?: number;
}

export interface PublishedPort {
  readonly hostIp: string;
  readonly hostPort: number;
}

type PortMap = Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined;

/** The first binding of `port/protocol` in an inspect result's `NetworkSettings.Ports`. */
export function publishedPort(
  ports: PortMap,
  privatePort: number,
  protocol: string,
): PublishedPort | undefined {
  const binding = ports?.[`${privatePort}/${protocol}`]?.[0];
  if (!binding?.HostPort) return undefined;
  return { hostIp: binding.HostIp ?? '', hostPort: Number(binding.HostPort) };
}

export function formatPublishedPort(port: PublishedPort): string {
  return `${port.hostIp}:${port.hostPort}`;
}

export async function port(
  projectName: string,
  engine: Engine,
  options: PortOptions,
): Promise<PublishedPort> {
  const protocol = (options.protocol ?? 'tcp').toLowerCase();
  const container = await targetContainer(engine, projectName, options.service, {
    ...(options.index !== undefined ? { index: options.index } : {}),
  });
  const inspected = await engine.inspectContainer(container.id);
  const ports = (inspected['NetworkSettings'] as { Ports?: PortMap } | undefined)?.Ports;
  const found = publishedPort(ports, options.privatePort, protocol);
  if (found) return found;
  const known = Object.keys(ports ?? {})
    .sort()
    .join(', ');
  throw new LifecycleError(
    'lifecycle.no-container',
    `no port ${options.privatePort}/${protocol} for container ${container.name}: ${known}`,
  );
}
