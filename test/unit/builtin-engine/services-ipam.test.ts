import { describe, expect, it } from 'vitest';
import {
  allocateAddress,
  chooseSubnet,
  cidrText,
  contains,
  formatIpv4,
  isValidMac,
  macFromAddress,
  overlaps,
  parseCidr,
  parseIpv4,
  planAddressing,
  prefixLength,
  type AddressingContext,
} from '../../../src/builtin-engine/daemon/networks/ipam.js';
import { EngineApiError } from '../../../src/builtin-engine/ports.js';

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (parsed === undefined) throw new Error(`bad test cidr ${text}`);
  return parsed.cidr;
};

function context(
  networks: string[] = [],
  host: string[] = [],
): AddressingContext & { asked: number } {
  const ctx = {
    pools: [{ base: '10.213.0.0/16', size: 24 }],
    networks,
    asked: 0,
    hostSubnets: async () => {
      ctx.asked += 1;
      return host;
    },
  };
  return ctx;
}

async function failure(promise: Promise<unknown> | (() => unknown)) {
  try {
    if (typeof promise === 'function') promise();
    else await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EngineApiError);
    return error as EngineApiError;
  }
  throw new Error('expected a failure');
}

describe('ipam: addresses and CIDRs', () => {
  it('parses and formats IPv4 addresses, refusing malformed ones', () => {
    expect(parseIpv4('10.213.0.1')).toBe(0x0ad50001);
    expect(formatIpv4(0x0ad50001)).toBe('10.213.0.1');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    for (const bad of ['10.213.0', '256.1.1.1', '1.2.3.4.5', 'a.b.c.d', '', '1.2.3.-1']) {
      expect(parseIpv4(bad)).toBeUndefined();
    }
  });

  it('parses CIDRs, keeps the written address and clears host bits for the network', () => {
    const parsed = parseCidr('10.99.8.5/24');
    expect(parsed && formatIpv4(parsed.address)).toBe('10.99.8.5');
    expect(parsed && cidrText(parsed.cidr)).toBe('10.99.8.0/24');
    expect(cidrText(cidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(cidrText(cidr('192.168.1.77/32'))).toBe('192.168.1.77/32');
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/x', '10.0.0/8', '/24']) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it('decides overlap and containment at the edges', () => {
    expect(overlaps(cidr('10.0.0.0/8'), cidr('10.213.4.0/24'))).toBe(true);
    expect(overlaps(cidr('10.213.4.0/24'), cidr('10.213.5.0/24'))).toBe(false);
    expect(overlaps(cidr('10.213.4.0/23'), cidr('10.213.5.0/24'))).toBe(true);
    expect(overlaps(cidr('10.213.4.255/32'), cidr('10.213.4.0/24'))).toBe(true);
    expect(contains(cidr('10.213.4.0/24'), parseIpv4('10.213.4.255') as number)).toBe(true);
    expect(contains(cidr('10.213.4.0/24'), parseIpv4('10.213.5.0') as number)).toBe(false);
  });

  it('derives the MAC from the address like Docker (02:42 + the four bytes)', () => {
    expect(macFromAddress('10.99.7.5')).toBe('02:42:0a:63:07:05');
    expect(macFromAddress('172.17.0.2')).toBe('02:42:ac:11:00:02');
    expect(isValidMac('02:42:AC:11:00:02')).toBe(true);
    expect(isValidMac('02:42:ac:11:00')).toBe(false);
    expect(prefixLength('10.213.0.0/24')).toBe(24);
  });
});

describe('ipam: choosing a subnet', () => {
  const pools = [{ base: '10.213.0.0/16', size: 24 }];

  it('takes the first /24 of the pool when nothing is in the way', () => {
    expect(chooseSubnet(pools, [])).toBe('10.213.0.0/24');
  });

  it('skips our networks and host routes, whatever their size', () => {
    expect(chooseSubnet(pools, ['10.213.0.0/24', '10.213.1.0/24'])).toBe('10.213.2.0/24');
    expect(chooseSubnet(pools, ['10.213.0.0/23'])).toBe('10.213.2.0/24');
    expect(chooseSubnet(pools, ['10.213.0.128/25', '10.213.1.7/32'])).toBe('10.213.2.0/24');
  });

  it('ignores a default route and unparsable entries (they would block everything)', () => {
    expect(chooseSubnet(pools, ['0.0.0.0/0', 'fe80::/64', 'junk'])).toBe('10.213.0.0/24');
  });

  it('moves to the next pool when one is full, and says undefined when all are', () => {
    const two = [
      { base: '10.213.0.0/23', size: 24 },
      { base: '10.214.0.0/24', size: 25 },
    ];
    expect(chooseSubnet(two, ['10.213.0.0/23'])).toBe('10.214.0.0/25');
    expect(chooseSubnet(two, ['10.213.0.0/23', '10.214.0.0/25'])).toBe('10.214.0.128/25');
    expect(chooseSubnet(two, ['10.0.0.0/8'])).toBeUndefined();
  });

  it('refuses a pool whose block size does not fit it', () => {
    expect(() => chooseSubnet([{ base: '10.213.0.0/24', size: 16 }], [])).toThrow(/does not fit/);
  });
});

describe('ipam: planning a network', () => {
  it('without IPAM config: first free block, gateway .1, host routes consulted', async () => {
    const ctx = context(['10.213.0.0/24'], ['10.213.1.0/24', '172.17.0.0/16']);
    const plan = await planAddressing(undefined, ctx);
    expect(plan).toEqual({
      subnet: '10.213.2.0/24',
      gateway: '10.213.2.1',
      userConfigured: false,
      shown: { Subnet: '10.213.2.0/24', Gateway: '10.213.2.1' },
    });
    expect(ctx.asked).toBe(1);
    expect((await planAddressing([{}], context())).subnet).toBe('10.213.0.0/24');
  });

  it('says so in Docker’s words when the pools are exhausted', async () => {
    const error = await failure(planAddressing([], context([], ['10.213.0.0/16'])));
    expect(error.status).toBe(500);
    expect(error.message).toMatch(
      /^could not find an available, non-overlapping IPv4 address pool/,
    );
    expect(error.message).toContain('10.213.0.0/16');
  });

  it('honours Subnet, Gateway and IPRange, showing them as given', async () => {
    const ctx = context();
    const plan = await planAddressing(
      [{ Subnet: '10.99.7.0/24', IPRange: '10.99.7.128/25', Gateway: '10.99.7.254' }],
      ctx,
    );
    expect(plan).toEqual({
      subnet: '10.99.7.0/24',
      gateway: '10.99.7.254',
      ipRange: '10.99.7.128/25',
      userConfigured: true,
      shown: { Subnet: '10.99.7.0/24', IPRange: '10.99.7.128/25', Gateway: '10.99.7.254' },
    });
    expect(ctx.asked).toBe(0);
  });

  it('a subnet with host bits set keeps its text; the gateway is the network’s first host', async () => {
    const plan = await planAddressing([{ Subnet: '10.99.8.5/24' }], context());
    expect(plan).toMatchObject({
      subnet: '10.99.8.0/24',
      gateway: '10.99.8.1',
      shown: { Subnet: '10.99.8.5/24' },
    });
  });

  it('a configured subnet may overlap a host route but not another network (403)', async () => {
    expect(
      (await planAddressing([{ Subnet: '172.17.5.0/24' }], context([], ['172.17.0.0/16']))).subnet,
    ).toBe('172.17.5.0/24');
    const error = await failure(
      planAddressing([{ Subnet: '10.99.7.0/25' }], context(['10.99.7.0/24'])),
    );
    expect([error.status, error.message]).toEqual([
      403,
      'Pool overlaps with other one on this address space',
    ]);
  });

  it.each([
    [
      [{ Subnet: '10.99.8.0/24', Gateway: '10.99.9.1' }],
      400,
      'failed to allocate gateway (10.99.9.1): Requested address is out of range',
    ],
    [
      [{ Subnet: '10.99.8.0/24', Gateway: '10.99.8.0' }],
      400,
      'failed to allocate gateway (10.99.8.0): Requested address is out of range',
    ],
    [
      [{ Subnet: '10.99.8.0/24', Gateway: '10.99.8.255' }],
      400,
      'failed to allocate gateway (10.99.8.255): Requested address is out of range',
    ],
    [[{ Subnet: '10.99.8.0/24', Gateway: 'nope' }], 400, 'invalid gateway address: nope'],
    [[{ Subnet: '10.99.8.0/33' }], 400, 'invalid CIDR address: 10.99.8.0/33'],
    [
      [{ Subnet: '10.99.8.0/31' }],
      400,
      'subnet 10.99.8.0/31 is too small: it needs room for a gateway and a container (at most /30)',
    ],
    [
      [{ Subnet: '10.99.8.0/24', IPRange: '10.99.9.0/25' }],
      400,
      'IP range 10.99.9.0/25 is not inside subnet 10.99.8.0/24',
    ],
    [
      [{ Subnet: '10.99.8.0/24', IPRange: '10.99.0.0/16' }],
      400,
      'IP range 10.99.0.0/16 is not inside subnet 10.99.8.0/24',
    ],
    [
      [{ Gateway: '10.99.8.1' }],
      400,
      'IPAM.Config needs a Subnet when it sets a Gateway or IPRange',
    ],
    [[{ Subnet: 'fd00::/64' }], 400, 'the built-in engine does not support IPv6 subnets'],
    [
      [{ Subnet: '10.1.0.0/24' }, { Subnet: '10.2.0.0/24' }],
      400,
      'the built-in engine supports one IPv4 subnet per network',
    ],
    [
      [{ Subnet: '10.1.0.0/24', AuxiliaryAddresses: { router: '10.1.0.5' } }],
      400,
      'the built-in engine does not support AuxiliaryAddresses',
    ],
  ])('refuses %j', async (config, status, message) => {
    const error = await failure(planAddressing(config, context()));
    expect([error.status, error.message]).toEqual([status, message]);
  });
});

describe('ipam: allocating addresses', () => {
  const net = { subnet: '10.213.4.0/24', gateway: '10.213.4.1' };

  it('gives the lowest free address after the gateway, filling holes', () => {
    expect(allocateAddress({ ...net, used: new Set() })).toBe('10.213.4.2');
    expect(allocateAddress({ ...net, used: new Set(['10.213.4.2', '10.213.4.3']) })).toBe(
      '10.213.4.4',
    );
    expect(allocateAddress({ ...net, used: new Set(['10.213.4.3']) })).toBe('10.213.4.2');
  });

  it('skips a gateway that is not .1', () => {
    expect(allocateAddress({ subnet: '10.1.0.0/24', gateway: '10.1.0.254', used: new Set() })).toBe(
      '10.1.0.1',
    );
  });

  it('stays inside IPRange for automatic addresses', () => {
    const ranged = { ...net, ipRange: '10.213.4.128/25' };
    expect(allocateAddress({ ...ranged, used: new Set() })).toBe('10.213.4.128');
    expect(allocateAddress({ ...ranged, used: new Set(['10.213.4.128']) })).toBe('10.213.4.129');
    // The range's last address is the subnet's broadcast: never handed out.
    const used = new Set(Array.from({ length: 127 }, (_, i) => `10.213.4.${128 + i}`));
    expect(() => allocateAddress({ ...ranged, used })).toThrow(/every address is in use/);
  });

  it('a requested address may be anywhere in the subnet, even outside IPRange', () => {
    const ranged = { ...net, ipRange: '10.213.4.128/25', used: new Set<string>() };
    expect(allocateAddress({ ...ranged, requested: '10.213.4.9' })).toBe('10.213.4.9');
  });

  it.each([
    [
      '10.213.5.9',
      400,
      "Invalid address 10.213.5.9: It does not belong to any of this network's subnets",
    ],
    ['10.213.4.7', 409, 'Address already in use'],
    ['10.213.4.1', 409, 'Address already in use'],
    ['10.213.4.0', 409, 'Address already in use'],
    ['10.213.4.255', 409, 'Address already in use'],
    ['10.213.4', 400, 'invalid IPv4 address: 10.213.4'],
  ])('refuses the requested address %s', async (requested, status, message) => {
    const error = await failure(() =>
      allocateAddress({ ...net, used: new Set(['10.213.4.7']), requested }),
    );
    expect([error.status, error.message]).toEqual([status, message]);
  });

  it('runs out after the last usable address of a small subnet', () => {
    const small = { subnet: '10.9.0.0/30', gateway: '10.9.0.1' };
    expect(allocateAddress({ ...small, used: new Set() })).toBe('10.9.0.2');
    const error = (() => {
      try {
        allocateAddress({ ...small, used: new Set(['10.9.0.2']) });
      } catch (e) {
        return e as EngineApiError;
      }
      return undefined;
    })();
    expect(error?.status).toBe(503);
    expect(error?.message).toContain('10.9.0.0/30');
  });
});
