/**
 * A container's interface on a network: a veth pair whose host side (named
 * by hostVethName) is a port of the bridge and whose peer is created directly
 * inside the namespace under its final name, so no temporary name is ever
 * visible.
 */
import type { EndpointSpec } from '../ports.js';
import { NetworkError, describeFailure } from './errors.js';
import { ipHost, ipIn, isNotFound, parseLinks, type LinkState } from './ip.js';

function fail(subject: string, error: unknown): NetworkError {
  return new NetworkError('command-failed', subject, describeFailure(error), { cause: error });
}

/**
 * A new named namespace and its first endpoint in two spawns instead of four
 * (`netns add` runs in the host batch; loopback comes up in the namespace
 * batch): container starts are dominated by child processes, and these were
 * two of seven. False when anything was in the way (the namespace or a name
 * existed); the caller then takes the step-by-step path, which repairs.
 */
export async function createNamespaceWithVeth(
  name: string,
  namespacePath: string,
  hostName: string,
  endpoint: EndpointSpec,
): Promise<boolean> {
  const address = `${endpoint.address}/${endpoint.prefixLength}`;
  try {
    await ipHost(
      [],
      [
        `netns add ${name}`,
        `link add ${hostName} type veth peer name ${endpoint.ifname} address ${endpoint.mac} netns ${name}`,
        `link set ${hostName} master ${endpoint.bridge}`,
        `link set ${hostName} up`,
      ],
    );
  } catch {
    return false;
  }
  try {
    await ipIn(
      namespacePath,
      [],
      [
        'link set lo up',
        `addr replace ${address} dev ${endpoint.ifname}`,
        `link set ${endpoint.ifname} up`,
        ...(endpoint.defaultRoute
          ? [`route replace default via ${endpoint.gateway} dev ${endpoint.ifname}`]
          : []),
      ],
    );
  } catch (error) {
    throw fail(`interface ${endpoint.ifname} in ${namespacePath}`, error);
  }
  return true;
}

/**
 * Creates (or completes) the endpoint. The common case costs two spawns: the
 * host batch makes the pair with the peer already named, addressed by MAC and
 * inside the namespace, and one namespace batch configures it. When a name is
 * taken (a second attach, or leftovers of an interrupted one) the namespace is
 * looked at: an `ifname` already there is kept and brought to the spec
 * (address, MAC, up, route), a host-side veth without its peer is replaced.
 */
export async function attachVeth(
  namespacePath: string,
  hostName: string,
  endpoint: EndpointSpec,
): Promise<void> {
  const subject = `interface ${endpoint.ifname} in ${namespacePath}`;
  const address = `${endpoint.address}/${endpoint.prefixLength}`;
  const add = `link add ${hostName} type veth peer name ${endpoint.ifname} address ${endpoint.mac} netns ${namespacePath}`;
  const port = [`link set ${hostName} master ${endpoint.bridge}`, `link set ${hostName} up`];
  let existing: LinkState | undefined;
  try {
    await ipHost([], [add, ...port]);
  } catch (error) {
    if (!describeFailure(error).includes('File exists')) throw fail(subject, error);
    existing = await completeExisting(namespacePath, hostName, endpoint, add, port);
  }
  const stale = (existing?.ipv4 ?? []).filter((other) => other !== address);
  const lines = [
    ...(existing !== undefined && existing.mac !== endpoint.mac
      ? [`link set ${endpoint.ifname} address ${endpoint.mac}`]
      : []),
    ...stale.map((other) => `addr del ${other} dev ${endpoint.ifname}`),
    `addr replace ${address} dev ${endpoint.ifname}`,
    `link set ${endpoint.ifname} up`,
    ...(endpoint.defaultRoute
      ? [`route replace default via ${endpoint.gateway} dev ${endpoint.ifname}`]
      : []),
  ];
  try {
    await ipIn(namespacePath, [], lines);
  } catch (error) {
    throw fail(subject, error);
  }
}

/** The slow path of attach; resolves with the interface found inside, if it was there. */
async function completeExisting(
  namespacePath: string,
  hostName: string,
  endpoint: EndpointSpec,
  add: string,
  port: readonly string[],
): Promise<LinkState | undefined> {
  const subject = `interface ${endpoint.ifname} in ${namespacePath}`;
  try {
    const inside = parseLinks((await ipIn(namespacePath, ['-j', '-d', 'addr', 'show'])).stdout);
    const existing = inside.find((link) => link.ifname === endpoint.ifname);
    if (existing !== undefined && existing.kind !== 'veth') {
      throw new NetworkError(
        'conflict',
        subject,
        `a ${existing.kind ?? 'device'} of that name exists`,
      );
    }
    // Without the peer inside, the host name is held by a veth of ours whose
    // peer went elsewhere (an interrupted attach): replace it.
    await ipHost([], existing === undefined ? [`link del ${hostName}`, add, ...port] : port);
    return existing;
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw fail(subject, error);
  }
}

/** Deletes the endpoint (both ends of the pair); nothing when it is gone already. */
export async function detachVeth(
  namespacePath: string,
  hostName: string,
  ifname: string,
): Promise<void> {
  try {
    await ipIn(namespacePath, ['link', 'del', ifname]);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw fail(`interface ${ifname} in ${namespacePath}`, error);
  }
  // The namespace or the peer is gone: the host side may still be there.
  try {
    await ipHost(['link', 'del', hostName]);
  } catch (error) {
    if (!isNotFound(error)) throw fail(`interface ${hostName}`, error);
  }
}
