import { describe, expect, it } from 'vitest';
import { toCanonicalModel } from '../../../src/spec/normalize/index.js';
import { parseShortVolume } from '../../../src/spec/normalize/volumes.js';

const canonicalVolumes = (volumes: unknown[]) => {
  const model = toCanonicalModel(
    { services: { web: { image: 'x', volumes } } },
    { warn: () => {} },
  );
  return (model.services as Record<string, Record<string, unknown>>).web!.volumes as unknown[];
};

const bind = (source: string, target: string, extra: Record<string, unknown> = {}) => ({
  type: 'bind',
  source,
  target,
  bind: { create_host_path: true },
  ...extra,
});

describe('volumes short syntax (§10.2)', () => {
  it.each<[string, unknown]>([
    ['/data', { type: 'volume', target: '/data', volume: {} }],
    ['db:/var/lib/db', { type: 'volume', source: 'db', target: '/var/lib/db', volume: {} }],
    ['/host:/container', bind('/host', '/container')],
    ['./rel:/c', bind('./rel', '/c')],
    ['~/cfg:/c', bind('~/cfg', '/c')],
    ['/host:/c:ro', bind('/host', '/c', { read_only: true })],
    ['/host:/c:rw', bind('/host', '/c')],
    [
      '/host:/c:ro,z',
      bind('/host', '/c', { read_only: true, bind: { selinux: 'z', create_host_path: true } }),
    ],
    ['/host:/c:Z', bind('/host', '/c', { bind: { selinux: 'Z', create_host_path: true } })],
    [
      '/host:/c:rshared',
      bind('/host', '/c', { bind: { propagation: 'rshared', create_host_path: true } }),
    ],
    ['db:/c:nocopy', { type: 'volume', source: 'db', target: '/c', volume: { nocopy: true } }],
    ['db:/c:whatever', { type: 'volume', source: 'db', target: '/c', volume: {} }],
    ['0:/foo', { type: 'volume', source: '0', target: '/foo', volume: {} }],
    ['C:\\data:/data', bind('C:\\data', '/data')],
    ['\\\\.\\pipe\\docker:/pipe', bind('\\\\.\\pipe\\docker', '/pipe')],
    ['${SRC:-/a}:/b', { type: 'volume', source: '${SRC:-/a}', target: '/b', volume: {} }],
    ['db:/data/../x/', { type: 'volume', source: 'db', target: '/x', volume: {} }],
    ['/a', { type: 'volume', target: '/a' }],
    // A one-letter first field is a drive letter, as in compose-go: one anonymous volume.
    ['c:/data', { type: 'volume', target: 'c:/data', volume: {} }],
  ])('%s', (spec, expected) => expect(parseShortVolume(spec)).toEqual(expected));

  it.each([
    ['db:/a:ro:x', /too many colons/],
    ['/a::/b', /empty section between colons/],
    ['', /empty volume spec/],
  ])('rejects %j', (spec, message) => expect(() => parseShortVolume(spec)).toThrow(message));

  it('long bind mounts with a bind block get create_host_path, targets are cleaned', () => {
    expect(
      canonicalVolumes([
        { type: 'bind', source: '/h', target: '/c/', bind: { propagation: 'shared' } },
        { type: 'bind', source: '/h2', target: '/d', bind: { create_host_path: false } },
        { type: 'bind', source: '/h3', target: '/e' },
      ]),
    ).toEqual([
      {
        type: 'bind',
        source: '/h',
        target: '/c',
        bind: { propagation: 'shared', create_host_path: true },
      },
      { type: 'bind', source: '/h2', target: '/d', bind: { create_host_path: false } },
      { type: 'bind', source: '/h3', target: '/e' },
    ]);
  });

  it('de-duplicates by target after conversion (last value, first position)', () => {
    expect(canonicalVolumes(['aa:/data', '/x:/y', 'bb:/data/'])).toEqual([
      { type: 'volume', source: 'bb', target: '/data', volume: {} },
      bind('/x', '/y'),
    ]);
  });

  it('reports the item path', () => {
    expect(() => canonicalVolumes(['db:/a:ro:x'])).toThrow(
      /^services\.web\.volumes\[0\]: invalid spec: db:\/a:ro:x: too many colons/,
    );
  });
});
