import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { dedupePorts, enforceUnicity } from '../../../src/spec/merge/index.js';

function uniqueWeb(web: Record<string, unknown>): Record<string, unknown> {
  const result = enforceUnicity({ services: { web } });
  return (result['services'] as Record<string, Record<string, unknown>>)['web']!;
}

describe('enforceUnicity (§6.3): later duplicates replace earlier ones in place', () => {
  it.each([
    [
      'volumes',
      ['./a:/data', 'v:/other', { type: 'volume', source: 'w', target: '/data' }],
      [{ type: 'volume', source: 'w', target: '/data' }, 'v:/other'],
    ],
    ['volumes', ['/anon', 'named:/anon:ro'], ['named:/anon:ro']],
    ['volumes', ['C:\\dir:/data', './b:/data'], ['./b:/data']],
    [
      'secrets',
      ['s', { source: 'x', target: '/run/secrets/s' }, { source: 'y', target: '/t' }],
      [
        { source: 'x', target: '/run/secrets/s' },
        { source: 'y', target: '/t' },
      ],
    ],
    ['secrets', ['a', { source: 'a' }], [{ source: 'a' }]],
    [
      'configs',
      ['c', { source: 'c', target: '/c' }, { source: 'd' }],
      [{ source: 'c', target: '/c' }, { source: 'd' }],
    ],
    ['ports', ['80:80', 8080, '80:80', 8080], ['80:80', 8080]],
    [
      'ports',
      [
        { target: 80, published: '8080' },
        { target: 80, published: '8080', host_ip: '0.0.0.0', protocol: 'tcp', mode: 'host' },
      ],
      [{ target: 80, published: '8080', host_ip: '0.0.0.0', protocol: 'tcp', mode: 'host' }],
    ],
    [
      'ports',
      [
        { target: 80, published: '8080', protocol: 'udp' },
        { target: 80, published: '8080' },
      ],
      [
        { target: 80, published: '8080', protocol: 'udp' },
        { target: 80, published: '8080' },
      ],
    ],
    [
      'devices',
      ['/dev/a:/dev/x', '/dev/b:/dev/x:r', { source: '/dev/c', target: '/dev/c' }, '/dev/c'],
      ['/dev/b:/dev/x:r', '/dev/c'],
    ],
    ['expose', ['80', 80, '81'], [80, '81']],
    [
      'env_file',
      ['a.env', { path: 'a.env', required: false }, 'b.env'],
      [{ path: 'a.env', required: false }, 'b.env'],
    ],
    ['environment', ['A=1', 'B', 'A=2', 'B=3'], ['A=2', 'B=3']],
    ['labels', ['a=1', 'a='], ['a=']],
    ['annotations', ['a=1', 'a=2'], ['a=2']],
    ['sysctls', ['net.x=1', 'net.x=0'], ['net.x=0']],
    ['cap_add', ['NET_ADMIN', 'SYS_TIME', 'NET_ADMIN'], ['NET_ADMIN', 'SYS_TIME']],
    ['cap_drop', ['ALL', 'ALL'], ['ALL']],
    ['dns', ['8.8.8.8', '1.1.1.1', '8.8.8.8'], ['8.8.8.8', '1.1.1.1']],
    ['dns_opt', ['use-vc', 'use-vc'], ['use-vc']],
    ['dns_search', ['a.com', 'a.com'], ['a.com']],
    ['links', ['db', 'db'], ['db']],
    ['profiles', ['x', 'y', 'x'], ['x', 'y']],
    ['tmpfs', ['/run', '/tmp', '/run'], ['/run', '/tmp']],
  ])('%s: %j → %j', (key, items, expected) => {
    expect(uniqueWeb({ [key]: items })[key]).toEqual(expected);
  });

  it.each(['args', 'labels', 'tags', 'additional_contexts'])('build.%s', (key) => {
    expect(uniqueWeb({ build: { [key]: ['a=1', 'b=1', 'a=2'] } })['build']).toEqual({
      [key]: ['a=2', 'b=1'],
    });
  });

  it('deploy.labels', () => {
    expect(uniqueWeb({ deploy: { labels: ['a=1', 'a=2'] } })['deploy']).toEqual({
      labels: ['a=2'],
    });
  });

  it.each(['aliases', 'link_local_ips'])('service networks.*.%s', (key) => {
    expect(uniqueWeb({ networks: { front: { [key]: ['x', 'x', 'y'] } } })['networks']).toEqual({
      front: { [key]: ['x', 'y'] },
    });
  });

  it.each([
    ['labels', ['a=1', 'a=2'], ['a=2']],
    ['ipam', { options: ['o=1', 'o=2'] }, { options: ['o=2'] }],
  ])('top-level networks.*.%s', (key, value, expected) => {
    expect(enforceUnicity({ networks: { n: { [key]: value } } })).toEqual({
      networks: { n: { [key]: expected } },
    });
  });

  it.each(['security_opt', 'external_links', 'group_add', 'volumes_from', 'extra_hosts'])(
    '%s keeps duplicates',
    (key) => {
      expect(uniqueWeb({ [key]: ['a', 'a'] })[key]).toEqual(['a', 'a']);
    },
  );

  it('build.cache_from keeps duplicates', () => {
    expect(uniqueWeb({ build: { cache_from: ['a', 'a'] } })['build']).toEqual({
      cache_from: ['a', 'a'],
    });
  });

  it.each([
    [
      { volumes: [{ type: 'bind', source: '/a' }] },
      'services.web.volumes[0]: service volume is missing a mount target',
    ],
    [
      { ports: [{ published: '80' }] },
      'services.web.ports[0]: service port is missing a target port',
    ],
    [{ environment: [1] }, 'services.web.environment[0]: unexpected type number'],
    [{ volumes: ['a:b:c:d'] }, 'invalid spec: a:b:c:d: too many colons'],
    [
      { env_file: [{ required: true }] },
      'services.web.env_file[0]: env_file entry is missing its path attribute',
    ],
  ])('invalid entries are errors: %j', (web, message) => {
    expect(() => uniqueWeb(web)).toThrow(ComposeError);
    expect(() => uniqueWeb(web)).toThrow(message);
  });

  it('does not mutate its input', () => {
    const web = { ports: ['80', '80'] };
    uniqueWeb(web);
    expect(web.ports).toEqual(['80', '80']);
  });

  it('dedupePorts is usable on its own (after short→long conversion)', () => {
    expect(
      dedupePorts([
        { target: 80, published: '8000' },
        { target: 81 },
        { target: 80, published: '8000', mode: 'host' },
      ]),
    ).toEqual([{ target: 80, published: '8000', mode: 'host' }, { target: 81 }]);
  });
});
