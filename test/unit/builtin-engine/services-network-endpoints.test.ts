import { describe, expect, it } from 'vitest';
import { filtersOf } from '../../../src/builtin-engine/daemon/filters.js';
import { failure, useNetworkHarness } from './services-network-harness.js';

const h = useNetworkHarness();

describe('network service: endpoints, DNS, removal', () => {
  it('brings the bridge and its DNS server up at the first allocation, once', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'n', Internal: true });
    const first = await h.attach(Id, 'c1', 'one');
    const second = await h.attach(Id, 'c2', 'two');
    const bridge = `tsc-${Id.slice(0, 11)}`;
    expect(first).toEqual({
      networkId: Id,
      networkName: 'n',
      endpointId: expect.stringMatching(/^[a-f0-9]{64}$/),
      bridge,
      address: '10.213.1.2',
      prefixLength: 24,
      gateway: '10.213.1.1',
      mac: '02:42:0a:d5:01:02',
    });
    expect(second.address).toBe('10.213.1.3');
    expect(h.driver.calls.filter((call) => call.startsWith('ensure'))).toEqual([
      `ensure ${bridge}`,
    ]);
    expect(h.driver.bridges.get(bridge)).toEqual({
      bridge,
      subnet: '10.213.1.0/24',
      gateway: '10.213.1.1',
      internal: true,
    });
    expect(h.dns.serving.get(Id)).toBe('10.213.1.1');
    expect(bridge.length).toBeLessThanOrEqual(15);
  });

  it('inspect lists the attached containers from the endpoints view', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'n' });
    const allocation = await h.attach(Id, 'c1', 'app-web-1');
    expect((await h.service.inspectNetwork(Id)).Containers).toEqual({
      c1: {
        Name: 'app-web-1',
        EndpointID: allocation.endpointId,
        MacAddress: '02:42:0a:d5:01:02',
        IPv4Address: '10.213.1.2/24',
        IPv6Address: '',
      },
    });
  });

  it('gives the same container its address again, and reuses released addresses', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'n' });
    const a = await h.service.allocate(Id, 'c1', {});
    expect(await h.service.allocate(Id, 'c1', {})).toEqual(a);
    await h.service.allocate(Id, 'c2', {});
    await h.service.release(Id, 'c1');
    await h.service.release(Id, 'c1');
    expect((await h.service.allocate(Id, 'c3', {})).address).toBe('10.213.1.2');
  });

  it('keeps reservations across a daemon restart; restore brings the bridge and DNS back', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'n' });
    await h.service.allocate(Id, 'c1', {});
    const restarted = h.open();
    h.dns.serving.clear();
    h.driver.calls.length = 0;
    expect((await restarted.allocate(Id, 'c2', {})).address).toBe('10.213.1.3');
    await restarted.restore();
    expect(h.driver.calls.filter((call) => call.startsWith('ensure'))).toHaveLength(1);
    expect(h.dns.serving.get(Id)).toBe('10.213.1.1');
    expect((await restarted.inspectNetwork('bridge')).Id).toBe(
      (await h.service.inspectNetwork('bridge')).Id,
    );
  });

  it('requested addresses: only on networks with a configured subnet, inside it, free', async () => {
    const plain = await h.service.createNetwork({ Name: 'plain' });
    const fixed = await h.service.createNetwork({
      Name: 'fixed',
      IPAM: { Config: [{ Subnet: '10.99.7.0/24', IPRange: '10.99.7.128/25' }] },
    });
    const bridge = await h.service.defaultNetwork();
    expect((await h.service.allocate(fixed.Id, 'c1', { ipv4Address: '10.99.7.5' })).address).toBe(
      '10.99.7.5',
    );
    expect((await h.service.allocate(fixed.Id, 'c2', {})).address).toBe('10.99.7.128');
    const cases: Array<[string, string, number, string]> = [
      [
        bridge.id,
        '10.213.0.9',
        400,
        'user specified IP address is supported on user defined networks only',
      ],
      [
        plain.Id,
        '10.213.1.9',
        400,
        'user specified IP address is supported only when connecting to networks with user configured subnets',
      ],
      [
        fixed.Id,
        '10.99.8.5',
        400,
        "Invalid address 10.99.8.5: It does not belong to any of this network's subnets",
      ],
      [fixed.Id, '10.99.7.5', 409, 'Address already in use'],
    ];
    for (const [network, ip, status, message] of cases) {
      const error = await failure(h.service.allocate(network, 'c9', { ipv4Address: ip }));
      expect([error.status, error.message]).toEqual([status, message]);
    }
    expect((await failure(h.service.allocate(fixed.Id, 'c9', { mac: 'zz' }))).message).toBe(
      'invalid MAC address: zz',
    );
    expect((await h.service.allocate(fixed.Id, 'c9', { mac: '02:42:AA:BB:CC:DD' })).mac).toBe(
      '02:42:aa:bb:cc:dd',
    );
    expect((await failure(h.service.allocate('host', 'c9', {}))).status).toBe(400);
  });

  it('DNS records: each name answers every container that carries it; default bridge has none', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'n' });
    const a = await h.attach(Id, 'c1', 'web-1');
    const b = await h.attach(Id, 'c2', 'web-2');
    h.service.setNames(Id, 'c1', ['web', 'web-1', 'alias'], a.address);
    h.service.setNames(Id, 'c2', ['web', 'web-2'], b.address);
    expect(h.dns.records.get(Id)).toEqual([
      { name: 'alias', addresses: ['10.213.1.2'] },
      { name: 'web', addresses: ['10.213.1.2', '10.213.1.3'] },
      { name: 'web-1', addresses: ['10.213.1.2'] },
      { name: 'web-2', addresses: ['10.213.1.3'] },
    ]);
    await h.service.release(Id, 'c1');
    expect(h.dns.records.get(Id)).toEqual([
      { name: 'web', addresses: ['10.213.1.3'] },
      { name: 'web-2', addresses: ['10.213.1.3'] },
    ]);
    h.service.setNames(Id, 'c2', [], b.address);
    expect(h.dns.records.get(Id)).toEqual([]);

    const bridge = await h.service.defaultNetwork();
    const c = await h.service.allocate(bridge.id, 'c3', {});
    h.service.setNames(bridge.id, 'c3', ['x'], c.address);
    expect(h.dns.records.has(bridge.id)).toBe(false);
    expect(h.dns.serving.has(bridge.id)).toBe(false);
    expect(h.driver.bridges.has('tsc0')).toBe(true);
  });

  it('removal: 409 with active endpoints, 403 for predefined, then bridge and DNS go', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'n' });
    await h.attach(Id, 'c1', 'one');
    const busy = await failure(h.service.removeNetwork('n'));
    expect([busy.status, busy.message]).toEqual([
      409,
      `error while removing network: network n id ${Id} has active endpoints`,
    ]);
    for (const name of ['bridge', 'host', 'none']) {
      const error = await failure(h.service.removeNetwork(name));
      expect([error.status, error.message]).toEqual([
        403,
        `${name} is a pre-defined network and cannot be removed`,
      ]);
    }
    h.attached.clear();
    await h.service.release(Id, 'c1');
    await h.service.removeNetwork(Id.slice(0, 5));
    expect(h.dns.serving.has(Id)).toBe(false);
    expect(h.driver.calls).toContain(`remove tsc-${Id.slice(0, 11)}`);
    expect((await failure(h.service.inspectNetwork(Id))).status).toBe(404);
    expect((await h.service.createNetwork({ Name: 'n' })).Id).not.toBe(Id);
  });

  it('prune removes unused custom networks matching the label filters', async () => {
    const used = await h.service.createNetwork({ Name: 'used', Labels: { keep: 'no' } });
    await h.service.createNetwork({ Name: 'idle', Labels: { keep: 'no' } });
    await h.service.createNetwork({ Name: 'kept', Labels: { keep: 'yes' } });
    await h.attach(used.Id, 'c1', 'x');
    expect(await h.service.pruneNetworks(filtersOf({ 'label!': ['keep=yes'] }))).toEqual({
      NetworksDeleted: ['idle'],
    });
    expect(await h.service.pruneNetworks(filtersOf({ until: ['2026-11-22T09:00:00Z'] }))).toEqual({
      NetworksDeleted: [],
    });
    expect(await h.service.pruneNetworks(filtersOf())).toEqual({ NetworksDeleted: ['kept'] });
    expect((await failure(h.service.pruneNetworks(filtersOf({ dangling: ['true'] })))).status).toBe(
      400,
    );
    const names = (await h.service.listNetworks(filtersOf())).map((n) => n.Name);
    expect(names).toEqual(['bridge', 'host', 'none', 'used']);
  });
});
