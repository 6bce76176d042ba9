/**
 * IPv4 address management for bridge networks, without I/O: which subnet a
 * new network gets, which address a container gets, and the MAC address that
 * goes with it. Everything is decided from what the caller passes in (the
 * host's routes, our other networks, the addresses in use), so every rule is
 * unit-tested case by case.
 *
 * Docker's behaviour, kept here: a network without a configured subnet gets
 * the first free block of the pools that overlaps neither the host's routes
 * nor another network; a configured subnet may not overlap another network
 * (403 `Pool overlaps with other one on this address space`) but may overlap
 * a host route; the gateway is the subnet's first host address unless given;
 * containers get the lowest free address (inside IPRange when one is set);
 * a requested address must be inside the subnet and free; the MAC address is
 * 02:42 followed by the four bytes of the IPv4 address.
 */
import {
  cidrText,
  contains,
  formatIpv4,
  lastOf,
  overlaps,
  parseCidr,
  parseIpv4,
  type Cidr,
} from './addresses.js';
import { EngineApiError } from '../../ports.js';

/** Where automatic subnets come from: `base` cut into blocks of prefix length `size`. */
export interface AddressPool {
  readonly base: string;
  readonly size: number;
}

/**
 * 10.213.0.0/16 in /24 blocks: 256 networks. Docker takes 172.17–31/16 and
 * 192.168/16, home routers 192.168.x and 10.0.x, VPNs often 10.8 or 10.10;
 * 10.213 collides with none of the usual ones (and any that does is skipped).
 */
export const DEFAULT_POOLS: readonly AddressPool[] = [{ base: '10.213.0.0/16', size: 24 }];

function requireCidr(text: string, what: string): Cidr {
  const parsed = parseCidr(text);
  if (parsed === undefined) throw new EngineApiError(400, `invalid ${what}: ${text}`);
  return parsed.cidr;
}

/** Parses route-like subnets; unparsable ones and default routes (/0) are left out. */
function usableSubnets(texts: readonly string[]): Cidr[] {
  return texts
    .map((text) => parseCidr(text)?.cidr)
    .filter((cidr): cidr is Cidr => cidr !== undefined && cidr.prefix > 0);
}

/** The first block of `pools` overlapping none of `taken`; undefined when all are used. */
export function chooseSubnet(
  pools: readonly AddressPool[],
  taken: readonly string[],
): string | undefined {
  const busy = usableSubnets(taken);
  for (const pool of pools) {
    const base = requireCidr(pool.base, 'address pool');
    if (pool.size < base.prefix || pool.size > 30) {
      throw new Error(`address pool ${pool.base}: block size /${pool.size} does not fit`);
    }
    const step = 2 ** (32 - pool.size);
    for (let start = base.base; start + step - 1 <= lastOf(base); start += step) {
      const candidate: Cidr = { base: start, prefix: pool.size };
      if (!busy.some((cidr) => overlaps(cidr, candidate))) return cidrText(candidate);
    }
  }
  return undefined;
}

/** One entry of a create body's `IPAM.Config`. */
export interface IpamConfigInput {
  readonly Subnet?: string;
  readonly Gateway?: string;
  readonly IPRange?: string;
  readonly AuxiliaryAddresses?: Readonly<Record<string, string | undefined>>;
}

export interface Addressing {
  /** Canonical network address: `10.213.4.0/24`. */
  readonly subnet: string;
  readonly gateway: string;
  /** Automatic addresses come from here when set. */
  readonly ipRange?: string;
  /** The user configured the subnet (only then may containers ask for an address). */
  readonly userConfigured: boolean;
  /** What inspect shows in `IPAM.Config`: the user's entry as given, or the chosen subnet and gateway. */
  readonly shown: { Subnet: string; Gateway?: string; IPRange?: string };
}

export interface AddressingContext {
  readonly pools: readonly AddressPool[];
  /** Subnets of the engine's other networks. */
  readonly networks: readonly string[];
  /** Subnets routed on the host (other bridges, Docker's included); asked for only when needed. */
  readonly hostSubnets: () => Promise<readonly string[]>;
}

function firstHost(cidr: Cidr): number {
  return cidr.base + 1;
}

function configured(input: IpamConfigInput, networks: readonly string[]): Addressing {
  if (input.Subnet === undefined || input.Subnet === '') {
    throw new EngineApiError(400, 'IPAM.Config needs a Subnet when it sets a Gateway or IPRange');
  }
  if (input.AuxiliaryAddresses !== undefined && Object.keys(input.AuxiliaryAddresses).length > 0) {
    throw new EngineApiError(400, 'the built-in engine does not support AuxiliaryAddresses');
  }
  const subnet = requireCidr(input.Subnet, 'CIDR address');
  if (subnet.prefix > 30) {
    throw new EngineApiError(
      400,
      `subnet ${input.Subnet} is too small: it needs room for a gateway and a container (at most /30)`,
    );
  }
  if (usableSubnets(networks).some((other) => overlaps(other, subnet))) {
    throw new EngineApiError(403, 'Pool overlaps with other one on this address space');
  }
  let gateway = firstHost(subnet);
  if (input.Gateway !== undefined && input.Gateway !== '') {
    const given = parseIpv4(input.Gateway);
    if (given === undefined)
      throw new EngineApiError(400, `invalid gateway address: ${input.Gateway}`);
    if (!contains(subnet, given) || given === subnet.base || given === lastOf(subnet)) {
      throw new EngineApiError(
        400,
        `failed to allocate gateway (${input.Gateway}): Requested address is out of range`,
      );
    }
    gateway = given;
  }
  let ipRange: string | undefined;
  if (input.IPRange !== undefined && input.IPRange !== '') {
    const range = requireCidr(input.IPRange, 'IP range');
    if (range.prefix < subnet.prefix || !contains(subnet, range.base)) {
      throw new EngineApiError(
        400,
        `IP range ${input.IPRange} is not inside subnet ${input.Subnet}`,
      );
    }
    ipRange = cidrText(range);
  }
  return {
    subnet: cidrText(subnet),
    gateway: formatIpv4(gateway),
    ...(ipRange !== undefined ? { ipRange } : {}),
    userConfigured: true,
    shown: {
      Subnet: input.Subnet,
      ...(input.IPRange ? { IPRange: input.IPRange } : {}),
      ...(input.Gateway ? { Gateway: input.Gateway } : {}),
    },
  };
}

/** Decides a new network's subnet and gateway from its create body's `IPAM.Config`. */
export async function planAddressing(
  config: readonly IpamConfigInput[] | undefined,
  context: AddressingContext,
): Promise<Addressing> {
  const entries = config ?? [];
  if (entries.length > 1) {
    throw new EngineApiError(400, 'the built-in engine supports one IPv4 subnet per network');
  }
  const entry = entries[0];
  if (entry !== undefined && entry.Subnet?.includes(':') === true) {
    throw new EngineApiError(400, 'the built-in engine does not support IPv6 subnets');
  }
  if (
    entry !== undefined &&
    Object.values(entry).some((value) => value !== undefined && value !== '')
  ) {
    return configured(entry, context.networks);
  }
  const taken = [...context.networks, ...(await context.hostSubnets())];
  const chosen = chooseSubnet(context.pools, taken);
  if (chosen === undefined) {
    const pools = context.pools.map((pool) => pool.base).join(', ');
    throw new EngineApiError(
      500,
      `could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network (pools ${pools}); remove unused networks or give the network a subnet`,
    );
  }
  const subnet = requireCidr(chosen, 'subnet');
  const gateway = formatIpv4(firstHost(subnet));
  return {
    subnet: chosen,
    gateway,
    userConfigured: false,
    shown: { Subnet: chosen, Gateway: gateway },
  };
}

export interface AddressRequest {
  readonly subnet: string;
  readonly gateway: string;
  readonly ipRange?: string;
  /** Addresses of the network's containers. */
  readonly used: ReadonlySet<string>;
  readonly requested?: string;
}

/** An address for a container: the requested one if it is inside the subnet and free, else the lowest free one. */
export function allocateAddress(request: AddressRequest): string {
  const subnet = requireCidr(request.subnet, 'subnet');
  const gateway = parseIpv4(request.gateway);
  const used = new Set<number>();
  for (const address of request.used) {
    const value = parseIpv4(address);
    if (value !== undefined) used.add(value);
  }
  if (gateway !== undefined) used.add(gateway);
  if (request.requested !== undefined && request.requested !== '') {
    const wanted = parseIpv4(request.requested);
    if (wanted === undefined) {
      throw new EngineApiError(400, `invalid IPv4 address: ${request.requested}`);
    }
    if (!contains(subnet, wanted)) {
      throw new EngineApiError(
        400,
        `Invalid address ${request.requested}: It does not belong to any of this network's subnets`,
      );
    }
    if (used.has(wanted) || wanted === subnet.base || wanted === lastOf(subnet)) {
      throw new EngineApiError(409, 'Address already in use');
    }
    return formatIpv4(wanted);
  }
  const range = request.ipRange !== undefined ? requireCidr(request.ipRange, 'IP range') : subnet;
  const first = Math.max(range.base, subnet.base + 1);
  const last = Math.min(lastOf(range), lastOf(subnet) - 1);
  for (let candidate = first; candidate <= last; candidate += 1) {
    if (!used.has(candidate)) return formatIpv4(candidate);
  }
  throw new EngineApiError(
    503,
    `no available IPv4 addresses on this network's address pool ${request.ipRange ?? request.subnet}: every address is in use`,
  );
}

export function prefixLength(subnet: string): number {
  return requireCidr(subnet, 'subnet').prefix;
}

export {
  cidrText,
  contains,
  formatIpv4,
  isValidMac,
  macFromAddress,
  overlaps,
  parseCidr,
  parseIpv4,
  type Cidr,
} from './addresses.js';
