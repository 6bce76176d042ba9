import { describe, expect, it } from 'vitest';
import { parseHostSubnets } from '../../../src/builtin-engine/network/host-subnets.js';
import { parseLinks } from '../../../src/builtin-engine/network/ip.js';

/** `ip -j -4 route` and `ip -j -4 addr` as printed here with Docker running. */
const ROUTES = JSON.stringify([
  { dst: 'default', gateway: '192.0.2.1', dev: 'eth0', flags: [] },
  { dst: '172.17.0.0/16', dev: 'docker0', protocol: 'kernel', scope: 'link', flags: ['linkdown'] },
  { dst: '172.18.0.0/16', dev: 'br-472b0be93d4a', protocol: 'kernel', scope: 'link', flags: [] },
  { dst: '192.0.2.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link', flags: [] },
  { dst: '198.51.100.7', gateway: '192.0.2.1', dev: 'eth0', flags: [] },
  { type: 'blackhole', dst: '10.99.0.0/16', flags: [] },
]);
const ADDRS = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
  { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }] },
  // A bridge that is down has no route but its subnet is still taken.
  { ifname: 'br-down', addr_info: [{ family: 'inet', local: '172.19.0.1', prefixlen: 16 }] },
  { ifname: 'v6', addr_info: [{ family: 'inet6', local: 'fe80::1', prefixlen: 64 }] },
  { ifname: 'bare' },
]);

describe('parseHostSubnets', () => {
  it('unites routes and interface addresses, canonical, sorted, without the default route', () => {
    expect(parseHostSubnets(ROUTES, ADDRS)).toEqual([
      '10.99.0.0/16',
      '127.0.0.0/8',
      '172.17.0.0/16',
      '172.18.0.0/16',
      '172.19.0.0/16',
      '192.0.2.0/24',
      '198.51.100.7/32',
    ]);
  });

  it('copes with empty output and junk entries', () => {
    expect(parseHostSubnets('', '')).toEqual([]);
    expect(parseHostSubnets('[]', '[]')).toEqual([]);
    expect(
      parseHostSubnets(
        JSON.stringify([{ dst: 'fe80::/64' }, { dst: 42 }, {}]),
        JSON.stringify([{ addr_info: [{ family: 'inet', local: 'x', prefixlen: 8 }] }]),
      ),
    ).toEqual([]);
  });
});

describe('parseLinks', () => {
  it('reads kind, state, master, MAC and IPv4 addresses', () => {
    const json = JSON.stringify([
      {
        ifname: 'tsv0123',
        flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
        master: 'tsc-a',
        address: '02:42:0a:d5:00:05',
        linkinfo: { info_kind: 'veth' },
        addr_info: [
          { family: 'inet', local: '10.213.1.5', prefixlen: 24 },
          { family: 'inet6', local: 'fe80::1', prefixlen: 64 },
        ],
      },
      { ifname: 'lo', flags: ['LOOPBACK'] },
    ]);
    expect(parseLinks(json)).toEqual([
      {
        ifname: 'tsv0123',
        kind: 'veth',
        up: true,
        master: 'tsc-a',
        mac: '02:42:0a:d5:00:05',
        ipv4: ['10.213.1.5/24'],
      },
      { ifname: 'lo', kind: undefined, up: false, master: undefined, mac: undefined, ipv4: [] },
    ]);
    expect(parseLinks('')).toEqual([]);
  });
});
