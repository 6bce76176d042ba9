/**
 * Published ports as userland proxies inside the daemon (research notes §4:
 * no firewall rules to coexist with Docker's or to clean up after a crash,
 * conflicts fail loudly at bind time, everything goes away with the process).
 * Each container (owner) has its listeners; unpublishing closes them and the
 * connections they carry, as a stopped container's published ports close.
 */
import type { PortBinding, PortPublisher } from '../ports.js';
import { PortPublishError } from './errors.js';
import { resolveBinding, type Forwarder } from './forwarder.js';
import { listenTcp } from './tcp.js';
import { listenUdp } from './udp.js';

export interface UserlandPortProxyOptions {
  /** A UDP client's session ends after this long without traffic (default 30 s). */
  readonly udpIdleMs?: number;
  /** Failures after binding (accept errors, relay send errors); they never stop a listener. */
  readonly onError?: (error: unknown) => void;
}

export class UserlandPortProxy implements PortPublisher {
  private readonly owners = new Map<string, Set<Forwarder>>();
  private closed = false;

  constructor(private readonly options: UserlandPortProxyOptions = {}) {}

  async publish(
    owner: string,
    binding: PortBinding,
  ): Promise<{ hostIp: string; hostPort: number }> {
    const resolved = resolveBinding(binding);
    if (this.closed) {
      throw new PortPublishError(
        'closed',
        resolved.hostIp,
        resolved.hostPort,
        'the port proxy is closed',
      );
    }
    let forwarders = this.owners.get(owner);
    if (forwarders === undefined) {
      forwarders = new Set();
      this.owners.set(owner, forwarders);
    }
    const onError = (error: unknown): void => this.report(error);
    let forwarder: Forwarder;
    try {
      forwarder =
        resolved.protocol === 'tcp'
          ? await listenTcp(resolved, onError)
          : await listenUdp(resolved, { idleMs: this.options.udpIdleMs ?? 30_000, onError });
    } catch (error) {
      if (forwarders.size === 0 && this.owners.get(owner) === forwarders) this.owners.delete(owner);
      throw error;
    }
    // The owner was unpublished (or everything closed) while the port was being bound.
    if (this.closed || this.owners.get(owner) !== forwarders) {
      await forwarder.close();
      throw new PortPublishError(
        'closed',
        forwarder.hostIp,
        forwarder.hostPort,
        `ports of ${owner} were unpublished while binding`,
      );
    }
    forwarders.add(forwarder);
    return { hostIp: forwarder.hostIp, hostPort: forwarder.hostPort };
  }

  async unpublish(owner: string): Promise<void> {
    const forwarders = this.owners.get(owner);
    this.owners.delete(owner);
    if (forwarders !== undefined) await Promise.all([...forwarders].map((f) => f.close()));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.owners.keys()].map((owner) => this.unpublish(owner)));
  }

  /** What an owner has published, with live connection counts (for tests and diagnostics). */
  published(
    owner: string,
  ): Array<{ protocol: 'tcp' | 'udp'; hostIp: string; hostPort: number; connections: number }> {
    return [...(this.owners.get(owner) ?? [])].map((f) => ({
      protocol: f.protocol,
      hostIp: f.hostIp,
      hostPort: f.hostPort,
      connections: f.connections(),
    }));
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // A failing logger must not take a listener down.
    }
  }
}
