/**
 * Port specs of a create body: `ExposedPorts`/`PortBindings` keys are
 * `<port>[/<proto>]`, binding values `{HostIp, HostPort}` where HostPort is
 * '' (any free port), a number, or a range (we bind its first port; Docker
 * tries the range in order). Parsing errors carry Docker's message.
 */
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';
import type { PublishedPort } from './record.js';

export type Protocol = 'tcp' | 'udp';

export interface WantedBinding {
  /** `80/tcp` */
  readonly key: string;
  readonly protocol: Protocol;
  readonly containerPort: number;
  readonly hostIp: string;
  /** 0 = any free port. */
  readonly hostPort: number;
}

function invalid(spec: string): EngineApiError {
  return new EngineApiError(400, `invalid port specification: "${spec}"`);
}

function portNumber(text: string, spec: string, allowZero: boolean): number {
  if (!/^\d{1,5}$/.test(text)) throw invalid(spec);
  const port = Number(text);
  if (port > 65535 || (!allowZero && port === 0)) throw invalid(spec);
  return port;
}

/** `80`, `80/tcp`, `53/udp` → key `80/tcp`. sctp is refused (no userland proxy for it). */
export function parsePortKey(raw: string): { key: string; protocol: Protocol; port: number } {
  const [portText = '', protocolText = 'tcp', ...rest] = raw.split('/');
  if (rest.length > 0) throw invalid(raw);
  const protocol = protocolText.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') {
    throw new EngineApiError(400, `invalid port protocol "${protocolText}" in "${raw}"`);
  }
  const port = portNumber(portText, portText, false);
  return { key: `${port}/${protocol}`, protocol, port };
}

/** '' → 0; `8080`; `8080-8090` → 8080. */
export function parseHostPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const [first = '', last, ...rest] = raw.split('-');
  if (rest.length > 0) throw invalid(raw);
  const port = portNumber(first, raw, true);
  if (last !== undefined && portNumber(last, raw, true) < port) throw invalid(raw);
  return port;
}

/** Every binding the container asks for; `PublishAllPorts` adds a free host port per exposed port. */
export function wantedBindings(
  hostConfig: Dockerode.HostConfig,
  exposedPorts: Readonly<Record<string, unknown>> | undefined,
): WantedBinding[] {
  const wanted: WantedBinding[] = [];
  const bound = new Set<string>();
  const bindings = (hostConfig.PortBindings ?? {}) as Record<
    string,
    Dockerode.PortBinding[] | null
  >;
  for (const [raw, list] of Object.entries(bindings)) {
    const { key, protocol, port } = parsePortKey(raw);
    bound.add(key);
    for (const binding of list ?? [{}]) {
      wanted.push({
        key,
        protocol,
        containerPort: port,
        hostIp: binding.HostIp ?? '',
        hostPort: parseHostPort(binding.HostPort),
      });
    }
  }
  if (hostConfig.PublishAllPorts) {
    for (const raw of Object.keys(exposedPorts ?? {})) {
      const { key, protocol, port } = parsePortKey(raw);
      if (bound.has(key)) continue;
      wanted.push({ key, protocol, containerPort: port, hostIp: '', hostPort: 0 });
    }
  }
  return wanted;
}

/** The `Ports` list of `GET /containers/json`: published ports, then exposed ones without a binding. */
export function listPorts(
  published: readonly PublishedPort[],
  exposedPorts: Readonly<Record<string, unknown>> | undefined,
): Dockerode.Port[] {
  const ports: Dockerode.Port[] = [];
  const seen = new Set<string>();
  for (const entry of published) {
    const { port, protocol } = parsePortKey(entry.port);
    seen.add(entry.port);
    ports.push({
      IP: entry.hostIp === '' ? '0.0.0.0' : entry.hostIp,
      PrivatePort: port,
      PublicPort: entry.hostPort,
      Type: protocol,
    });
  }
  for (const raw of Object.keys(exposedPorts ?? {})) {
    const { key, port, protocol } = parsePortKey(raw);
    if (!seen.has(key)) ports.push({ PrivatePort: port, Type: protocol } as Dockerode.Port);
  }
  return ports;
}

/** `NetworkSettings.Ports` of inspect: every exposed or bound port, null when not published. */
export function inspectPorts(
  published: readonly PublishedPort[],
  exposedPorts: Readonly<Record<string, unknown>> | undefined,
  running: boolean,
): Record<string, Array<{ HostIp: string; HostPort: string }> | null> {
  const ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> = {};
  if (!running) return ports;
  for (const raw of Object.keys(exposedPorts ?? {})) ports[parsePortKey(raw).key] = null;
  for (const entry of published) {
    const list = ports[entry.port] ?? [];
    list.push({
      HostIp: entry.hostIp === '' ? '0.0.0.0' : entry.hostIp,
      HostPort: `${entry.hostPort}`,
    });
    ports[entry.port] = list;
  }
  return ports;
}
