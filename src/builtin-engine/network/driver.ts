/**
 * The NetworkDriver of the built-in engine on Linux: bridges, named network
 * namespaces and veth pairs with iproute2, and the engine's own iptables
 * chains (iptables-rules.ts) beside the Docker Engine's. Every name is derived
 * from ids and the configured prefixes (names.ts), so nothing here keeps
 * state a restarted daemon would need; the only memory is a cache that saves
 * rewriting a bridge's firewall rules on every container start.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { BridgeSpec, EndpointSpec, NetworkDriver } from '../ports.js';
import { ensureBridgeLink, removeBridgeLink } from './bridge.js';
import { NetworkError } from './errors.js';
import { readHostSubnets } from './host-subnets.js';
import { Firewall, type IptablesBackend } from './iptables.js';
import { cidrContains, formatCidr, isIPv4, parseCidr, parseIPv4, canonicalCidr } from './ipv4.js';
import {
  DEFAULT_PREFIXES,
  hostVethName,
  isValidIfname,
  namespaceName,
  namespacePath,
  validatePrefixes,
  type NamePrefixes,
} from './names.js';
import { ipHost } from './ip.js';
import { createNamedNamespace, removeNamedNamespace } from './namespace.js';
import { attachVeth, createNamespaceWithVeth, detachVeth } from './veth.js';

const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export interface LinuxNetworkDriverOptions {
  /** Name prefixes; tests use their own so they never meet a running daemon's objects. */
  readonly prefixes?: NamePrefixes;
  /** Skip backend detection (see iptables.ts). */
  readonly iptables?: IptablesBackend;
}

function invalid(subject: string, reason: string): NetworkError {
  return new NetworkError('invalid-spec', subject, reason);
}

/** Checks a spec before any of it reaches an `ip` or `iptables` script line. */
function checkBridgeSpec(spec: BridgeSpec): { subnet: string; prefixLength: number } {
  const subject = `bridge ${spec.bridge}`;
  if (!isValidIfname(spec.bridge)) throw invalid(subject, 'not a valid interface name');
  let subnet;
  try {
    subnet = parseCidr(spec.subnet);
  } catch {
    throw invalid(subject, `subnet ${JSON.stringify(spec.subnet)} is not an IPv4 CIDR`);
  }
  if (!isIPv4(spec.gateway) || !cidrContains(subnet, parseIPv4(spec.gateway))) {
    throw invalid(subject, `gateway ${JSON.stringify(spec.gateway)} is not in ${spec.subnet}`);
  }
  return { subnet: formatCidr(canonicalCidr(subnet)), prefixLength: subnet.prefixLength };
}

function checkEndpoint(endpoint: EndpointSpec): void {
  const subject = `interface ${endpoint.ifname}`;
  if (!isValidIfname(endpoint.ifname)) throw invalid(subject, 'not a valid interface name');
  if (!isValidIfname(endpoint.bridge)) throw invalid(subject, `bad bridge name ${endpoint.bridge}`);
  if (!isIPv4(endpoint.address)) throw invalid(subject, `bad address ${endpoint.address}`);
  if (
    !Number.isInteger(endpoint.prefixLength) ||
    endpoint.prefixLength < 0 ||
    endpoint.prefixLength > 32
  ) {
    throw invalid(subject, `bad prefix length ${endpoint.prefixLength}`);
  }
  if (endpoint.defaultRoute && !isIPv4(endpoint.gateway)) {
    throw invalid(subject, `bad gateway ${endpoint.gateway}`);
  }
  if (!MAC.test(endpoint.mac)) throw invalid(subject, `bad MAC address ${endpoint.mac}`);
}

function checkNamespacePath(path: string): void {
  if (!path.startsWith('/') || /[\s\0]/.test(path)) {
    throw invalid(`network namespace ${path}`, 'not an absolute path without spaces');
  }
}

export class LinuxNetworkDriver implements NetworkDriver {
  readonly prefixes: NamePrefixes;
  readonly firewall: Firewall;
  /** bridge → the firewall rules last written for it by this process. */
  private readonly ruled = new Map<string, string>();
  /** Per-bridge queue: concurrent ensureBridge calls for one network must not race. */
  private readonly bridgeQueues = new Map<string, Promise<unknown>>();

  constructor(options: LinuxNetworkDriverOptions = {}) {
    this.prefixes = options.prefixes ?? DEFAULT_PREFIXES;
    validatePrefixes(this.prefixes);
    this.firewall = new Firewall(this.prefixes, options.iptables);
  }

  private onBridge<T>(bridge: string, task: () => Promise<T>): Promise<T> {
    const previous = this.bridgeQueues.get(bridge) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.bridgeQueues.set(bridge, settled);
    void settled.then(() => {
      if (this.bridgeQueues.get(bridge) === settled) this.bridgeQueues.delete(bridge);
    });
    return next;
  }

  async ensureBridge(spec: BridgeSpec): Promise<void> {
    const { subnet, prefixLength } = checkBridgeSpec(spec);
    return this.onBridge(spec.bridge, async () => {
      const link = await ensureBridgeLink(spec.bridge, spec.gateway, prefixLength);
      await enableForwarding();
      const key = `${subnet} ${spec.internal ? 'internal' : 'routed'}`;
      // Rules written by this process for an intact bridge are still there
      // unless someone removed them by hand; a made or mended bridge gets its
      // rules rewritten (its old rules may have gone with it).
      if (link === 'intact' && this.ruled.get(spec.bridge) === key) return;
      await this.firewall.ensureBridge({ bridge: spec.bridge, subnet, internal: spec.internal });
      this.ruled.set(spec.bridge, key);
    });
  }

  async removeBridge(bridge: string): Promise<void> {
    if (!isValidIfname(bridge)) throw invalid(`bridge ${bridge}`, 'not a valid interface name');
    return this.onBridge(bridge, async () => {
      this.ruled.delete(bridge);
      await this.firewall.removeBridge(bridge);
      await removeBridgeLink(bridge);
    });
  }

  /** The path createNamespace returns for this container. */
  namespacePath(containerId: string): string {
    return namespacePath(this.prefixes, containerId);
  }

  /** The host-side name of the veth that is `ifname` in the namespace. */
  hostVethName(nsPath: string, ifname: string): string {
    return hostVethName(this.prefixes, nsPath, ifname);
  }

  async createNamespace(containerId: string): Promise<string> {
    return createNamedNamespace(namespaceName(this.prefixes, containerId));
  }

  /**
   * With the container's interface names, one spawn: the host sides of its
   * veths (each takes its peer with it) and the namespace go in one batch.
   * Without them, or when that batch meets anything unexpected, the namespace
   * is looked into first (removeNamedNamespace), which also clears leftovers.
   */
  async removeNamespace(containerId: string, ifnames: readonly string[] = []): Promise<void> {
    const name = namespaceName(this.prefixes, containerId);
    if (ifnames.length > 0) {
      const path = this.namespacePath(containerId);
      const lines = [
        ...ifnames.map((ifname) => `link del ${this.hostVethName(path, ifname)}`),
        `netns del ${name}`,
      ];
      if (
        await ipHost([], lines).then(
          () => true,
          () => false,
        )
      )
        return;
    }
    await removeNamedNamespace(name);
  }

  async attach(
    nsPath: string,
    endpoint: EndpointSpec,
    options: { createNamespace?: string } = {},
  ): Promise<void> {
    checkNamespacePath(nsPath);
    checkEndpoint(endpoint);
    const hostName = this.hostVethName(nsPath, endpoint.ifname);
    if (options.createNamespace !== undefined) {
      const id = options.createNamespace;
      if (nsPath !== this.namespacePath(id))
        throw invalid(`namespace ${nsPath}`, `not the namespace of container ${id}`);
      const name = namespaceName(this.prefixes, id);
      if (await createNamespaceWithVeth(name, nsPath, hostName, endpoint)) return;
      await this.createNamespace(id);
    }
    await attachVeth(nsPath, hostName, endpoint);
  }

  async detach(nsPath: string, ifname: string): Promise<void> {
    checkNamespacePath(nsPath);
    if (!isValidIfname(ifname)) throw invalid(`interface ${ifname}`, 'not a valid interface name');
    await detachVeth(nsPath, this.hostVethName(nsPath, ifname), ifname);
  }

  hostSubnets(): Promise<string[]> {
    return readHostSubnets();
  }

  async teardownFirewall(): Promise<void> {
    this.ruled.clear();
    await this.firewall.teardown();
  }
}

/**
 * Containers reach the world through the host only with forwarding on. The
 * Docker Engine turns it on as well; like Docker we never turn it off again.
 */
async function enableForwarding(): Promise<void> {
  const current = (await readFile(IP_FORWARD, 'utf8')).trim();
  if (current !== '1') await writeFile(IP_FORWARD, '1\n');
}
