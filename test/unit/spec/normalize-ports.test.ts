import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import { toCanonicalModel } from '../../../src/spec/normalize/index.js';
import { parseShortPort } from '../../../src/spec/normalize/ports.js';

const canonicalPorts = (ports: unknown[]) => {
  const model = toCanonicalModel({ services: { web: { image: 'x', ports } } }, { warn: () => {} });
  return (model.services as Record<string, Record<string, unknown>>).web!.ports as unknown[];
};

const entry = (target: number, extra: Record<string, unknown> = {}) => ({
  mode: 'ingress',
  target,
  protocol: 'tcp',
  ...extra,
});

describe('ports short syntax (§10.2)', () => {
  it.each<[string, unknown[]]>([
    ['80', [entry(80)]],
    ['8080:80', [entry(80, { published: '8080' })]],
    [
      '127.0.0.1:8080:80/udp',
      [entry(80, { host_ip: '127.0.0.1', published: '8080', protocol: 'udp' })],
    ],
    ['127.0.0.1::80', [entry(80, { host_ip: '127.0.0.1' })]],
    ['3000-3002', [entry(3000), entry(3001), entry(3002)]],
    [
      '9090-9091:8080-8081',
      [entry(8080, { published: '9090' }), entry(8081, { published: '9091' })],
    ],
    ['8000-9000:80', [entry(80, { published: '8000-9000' })]],
    ['[::1]:6001:6001', [entry(6001, { host_ip: '::1', published: '6001' })]],
    ['::1:6000:6000', [entry(6000, { host_ip: '::1', published: '6000' })]],
    ['53:53/UDP', [entry(53, { published: '53', protocol: 'udp' })]],
    ['5000/sctp', [entry(5000, { protocol: 'sctp' })]],
  ])('%s', (spec, expected) => expect(parseShortPort(spec)).toEqual(expected));

  it('keeps the documented key order of a long entry', () => {
    expect(Object.keys(parseShortPort('127.0.0.1:8080:80')[0]!)).toEqual([
      'mode',
      'host_ip',
      'target',
      'published',
      'protocol',
    ]);
  });

  it.each([
    ['80:80:80:80', /invalid ip address "80:80"/],
    ['300.1.1.1:80:80', /invalid ip address/],
    ['8000-8002:80-81', /invalid ranges/],
    ['8080:80-81', /invalid ranges/],
    ['80/xtp', /invalid proto/],
    ['abc', /invalid containerPort/],
    ['70000', /invalid containerPort/],
    ['90-80', /invalid range/],
  ])('rejects %s', (spec, message) => expect(() => parseShortPort(spec)).toThrow(message));

  it('converts numbers and fills long-syntax defaults', () => {
    expect(canonicalPorts([80, { target: 81, published: 8081 }])).toEqual([
      entry(80),
      { target: 81, published: '8081', mode: 'ingress', protocol: 'tcp' },
    ]);
  });

  it('de-duplicates entries that ranges made equal, keeping the first position', () => {
    expect(canonicalPorts(['8080-8081:80-81', '8081:81'])).toEqual([
      entry(80, { published: '8080' }),
      entry(81, { published: '8081' }),
    ]);
  });

  it('reports every bad port with its key path in one ComposeError', () => {
    let error: unknown;
    try {
      canonicalPorts(['80', '80:80:80:80', 'x']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ComposeError);
    const messages = (error as ComposeError).message.split('\n');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^services\.web\.ports\[1\]: invalid port "80:80:80:80"/);
    expect(messages[1]).toMatch(/^services\.web\.ports\[2\]: invalid port "x"/);
  });

  it('rejects a long host_ip that is not an IP', () => {
    expect(() => canonicalPorts([{ target: 80, host_ip: 'localhost' }])).toThrow(
      /ports\[0\]\.host_ip: invalid ip address/,
    );
  });
});
