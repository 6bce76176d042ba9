import { describe, expect, it } from 'vitest';
import { filtersOf } from '../../../src/builtin-engine/daemon/filters.js';
import { failure, useNetworkHarness } from './services-network-harness.js';

const h = useNetworkHarness();

describe('network service: create, inspect, list', () => {
  it('creates a bridge network with a free /24 and shows the Engine shape', async () => {
    const { Id, Warning } = await h.service.createNetwork({
      Name: 'app_default',
      Labels: { a: 'b' },
    });
    expect(Id).toMatch(/^[a-f0-9]{64}$/);
    expect(Warning).toBe('');
    const shape = await h.service.inspectNetwork('app_default');
    expect(shape).toEqual({
      Name: 'app_default',
      Id,
      Created: '2026-11-22T10:00:00.000Z',
      Scope: 'local',
      Driver: 'bridge',
      EnableIPv6: false,
      IPAM: {
        Driver: 'default',
        Options: null,
        Config: [{ Subnet: '10.213.1.0/24', Gateway: '10.213.1.1' }],
      },
      Internal: false,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Containers: {},
      Options: {},
      Labels: { a: 'b' },
    });
    // The default bridge took the first block; no bridge is made before a container needs it.
    expect((await h.service.inspectNetwork('bridge')).IPAM?.Config).toEqual([
      { Subnet: '10.213.0.0/24', Gateway: '10.213.0.1' },
    ]);
    expect(h.driver.calls.filter((call) => call !== 'hostSubnets')).toEqual([]);
  });

  it('finds networks by id, unique id prefix and name; 404 in Docker’s words', async () => {
    const { Id } = await h.service.createNetwork({ Name: 'web' });
    expect((await h.service.inspectNetwork(Id)).Name).toBe('web');
    expect((await h.service.inspectNetwork(Id.slice(0, 12))).Name).toBe('web');
    expect(await h.service.resolve('web')).toEqual({
      id: Id,
      name: 'web',
      driver: 'bridge',
      internal: false,
    });
    const error = await failure(h.service.inspectNetwork('nope'));
    expect([error.status, error.message]).toEqual([404, 'network nope not found']);
  });

  it('lists bridge, host and none like Docker, and resolves host/none', async () => {
    const names = (await h.service.listNetworks(filtersOf())).map((n) => `${n.Name}:${n.Driver}`);
    expect(names).toEqual(['bridge:bridge', 'host:host', 'none:null']);
    expect((await h.service.resolve('host')).driver).toBe('host');
    expect((await h.service.resolve('none')).driver).toBe('null');
    const bridge = await h.service.inspectNetwork('bridge');
    expect(bridge.Options?.['com.docker.network.bridge.name']).toBe('tsc0');
    expect(bridge.Options?.['com.docker.network.bridge.default_bridge']).toBe('true');
  });

  it.each([
    [{ Name: '' }, 400, 'invalid name: '],
    [{ Name: 'bridge' }, 403, 'operation is not permitted on predefined bridge network'],
    [
      { Name: 'x', Driver: 'overlay' },
      400,
      'the built-in engine supports only the bridge network driver, not "overlay"',
    ],
    [
      { Name: 'x', IPAM: { Driver: 'foo' } },
      400,
      'the built-in engine supports only the default IPAM driver, not "foo"',
    ],
    [{ Name: 'x', EnableIPv6: true }, 400, 'the built-in engine does not support IPv6 networks'],
    [{ Name: 'x', Labels: { a: 1 } }, 400, 'Labels.a must be a string'],
  ])('refuses %j', async (body, status, message) => {
    const error = await failure(h.service.createNetwork(body as never));
    expect([error.status, error.message]).toEqual([status, message]);
  });

  it('refuses a second network of the same name (409), even with CheckDuplicate false', async () => {
    await h.service.createNetwork({ Name: 'dup' });
    const error = await failure(h.service.createNetwork({ Name: 'dup', CheckDuplicate: false }));
    expect([error.status, error.message]).toEqual([409, 'network with name dup already exists']);
  });

  it('avoids host routes and the other networks when choosing subnets, also concurrently', async () => {
    h.driver.host = ['10.213.1.0/24'];
    const ids = await Promise.all(['a', 'b', 'c'].map((Name) => h.service.createNetwork({ Name })));
    const subnets = await Promise.all(
      ids.map(async ({ Id }) => (await h.service.inspectNetwork(Id)).IPAM?.Config?.[0]?.Subnet),
    );
    expect(subnets.sort()).toEqual(['10.213.2.0/24', '10.213.3.0/24', '10.213.4.0/24']);
  });

  it('filters by name, id, driver, label, type and dangling; 400 for unknown filters', async () => {
    const web = await h.service.createNetwork({ Name: 'app_web', Labels: { tier: 'front' } });
    await h.service.createNetwork({ Name: 'app_db', Labels: { tier: 'back' } });
    await h.attach(web.Id, 'c1', 'web1');
    const names = async (filters: Record<string, string[]>) =>
      (await h.service.listNetworks(filtersOf(filters))).map((n) => n.Name);
    expect(await names({ name: ['app_'] })).toEqual(['app_db', 'app_web']);
    expect(await names({ name: ['^app_w'] })).toEqual(['app_web']);
    expect(await names({ id: [web.Id.slice(0, 8)] })).toEqual(['app_web']);
    expect(await names({ label: ['tier=back'] })).toEqual(['app_db']);
    expect(await names({ label: ['tier'] })).toEqual(['app_db', 'app_web']);
    expect(await names({ type: ['custom'] })).toEqual(['app_db', 'app_web']);
    expect(await names({ type: ['builtin'] })).toEqual(['bridge', 'host', 'none']);
    expect(await names({ driver: ['null'] })).toEqual(['none']);
    expect(await names({ dangling: ['true'] })).toEqual(['app_db']);
    expect(await names({ dangling: ['false'] })).toEqual(['app_web', 'bridge', 'host', 'none']);
    expect((await failure(names({ foo: ['x'] }))).message).toBe("Invalid filter 'foo'");
    expect((await failure(names({ type: ['weird'] }))).message).toBe(
      "invalid filter: 'type'='weird'",
    );
    expect((await failure(names({ dangling: ['maybe'] }))).status).toBe(400);
    // The list leaves attached containers out, inspect shows them.
    const listed = await h.service.listNetworks(filtersOf({ name: ['app_web'] }));
    expect(listed[0]?.Containers).toEqual({});
  });
});
