/** What the TCP and UDP sides share: a binding checked and normalized, and a live forwarder. */
import { isIP } from 'node:net';
import type { PortBinding } from '../ports.js';
import { PortPublishError } from './errors.js';

/** A PortBinding whose host IP is an address ('' became 0.0.0.0) and whose ports are in range. */
export type ResolvedBinding = PortBinding;

export interface Forwarder {
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  /** The port actually bound (the picked one when 0 was asked). */
  readonly hostPort: number;
  /** Open client and target sockets (TCP) or live sessions (UDP). */
  connections(): number;
  /** Stops listening and closes every connection or session. */
  close(): Promise<void>;
}

const isPort = (port: number, min: number): boolean =>
  Number.isInteger(port) && port >= min && port <= 65535;

export function resolveBinding(binding: PortBinding): ResolvedBinding {
  const hostIp = binding.hostIp === '' ? '0.0.0.0' : binding.hostIp;
  const invalid = (reason: string): PortPublishError =>
    new PortPublishError('invalid', hostIp, binding.hostPort, `Invalid port binding: ${reason}`);
  if (binding.protocol !== 'tcp' && binding.protocol !== 'udp') {
    throw invalid(`unknown protocol ${JSON.stringify(binding.protocol)}`);
  }
  if (isIP(hostIp) === 0)
    throw invalid(`host IP ${JSON.stringify(binding.hostIp)} is not an IP address`);
  if (!isPort(binding.hostPort, 0)) throw invalid(`host port ${binding.hostPort} is out of range`);
  if (isIP(binding.targetAddress) === 0) {
    throw invalid(`target ${JSON.stringify(binding.targetAddress)} is not an IP address`);
  }
  if (!isPort(binding.targetPort, 1))
    throw invalid(`target port ${binding.targetPort} is out of range`);
  return { ...binding, hostIp };
}
