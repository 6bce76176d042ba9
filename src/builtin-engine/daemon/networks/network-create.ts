/**
 * `POST /networks/create`: what of the body the built-in engine accepts.
 * Bridge networks only (the `bridge` driver, the `default` IPAM driver, IPv4);
 * what a bridge network cannot do here is refused with a sentence that says
 * so, rather than ignored.
 */
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';
import type { IpamConfigInput } from './ipam.js';
import { isPredefinedName } from './network-record.js';

export interface NetworkCreateRequest {
  readonly name: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly labels: Record<string, string>;
  readonly options: Record<string, string>;
  readonly ipamOptions: Record<string, string> | null;
  readonly ipamConfig: readonly IpamConfigInput[];
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new EngineApiError(400, `${what} must be an object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new EngineApiError(400, `${what}.${key} must be a string`);
    out[key] = item;
  }
  return out;
}

/** Validates a create body; names that clash are the service's business (it knows the others). */
export function parseCreateBody(body: Dockerode.NetworkCreateOptions): NetworkCreateRequest {
  if (typeof body !== 'object' || body === null) {
    throw new EngineApiError(400, 'the network create body must be a JSON object');
  }
  const name = typeof body.Name === 'string' ? body.Name : '';
  if (name.trim() === '') throw new EngineApiError(400, `invalid name: ${name}`);
  if (isPredefinedName(name)) {
    throw new EngineApiError(403, `operation is not permitted on predefined ${name} network`);
  }
  const driver = body.Driver ?? '';
  if (driver !== '' && driver !== 'bridge') {
    throw new EngineApiError(
      400,
      `the built-in engine supports only the bridge network driver, not "${driver}"`,
    );
  }
  const ipamDriver = body.IPAM?.Driver ?? '';
  if (ipamDriver !== '' && ipamDriver !== 'default') {
    throw new EngineApiError(
      400,
      `the built-in engine supports only the default IPAM driver, not "${ipamDriver}"`,
    );
  }
  if (body.EnableIPv6 === true) {
    throw new EngineApiError(400, 'the built-in engine does not support IPv6 networks');
  }
  if (body.Ingress === true) {
    throw new EngineApiError(
      400,
      'ingress networks need swarm mode, which the built-in engine does not have',
    );
  }
  if (body.ConfigOnly === true || (body.ConfigFrom?.Network ?? '') !== '') {
    throw new EngineApiError(400, 'the built-in engine does not support config-only networks');
  }
  const config = body.IPAM?.Config ?? [];
  if (!Array.isArray(config)) throw new EngineApiError(400, 'IPAM.Config must be a list');
  const ipamOptions = body.IPAM?.Options;
  return {
    name,
    internal: body.Internal === true,
    attachable: body.Attachable === true,
    labels: stringMap(body.Labels, 'Labels'),
    options: stringMap(body.Options, 'Options'),
    ipamOptions:
      ipamOptions === undefined || ipamOptions === null
        ? null
        : stringMap(ipamOptions, 'IPAM.Options'),
    ipamConfig: config as IpamConfigInput[],
  };
}

/** Options of Docker's default bridge, with our interface name. */
export function defaultBridgeOptions(bridge: string): Record<string, string> {
  return {
    'com.docker.network.bridge.default_bridge': 'true',
    'com.docker.network.bridge.enable_icc': 'true',
    'com.docker.network.bridge.enable_ip_masquerade': 'true',
    'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
    'com.docker.network.bridge.name': bridge,
    'com.docker.network.driver.mtu': '1500',
  };
}
