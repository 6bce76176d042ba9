import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/spec/normalize/context.js';
import { extraHostsToPairs, parseExtraHost } from '../../../src/spec/normalize/extra-hosts.js';

describe('extra_hosts (§10.2)', () => {
  it.each([
    ['somehost=162.242.195.82', [{ host: 'somehost', ip: '162.242.195.82' }]],
    ['somehost:162.242.195.82', [{ host: 'somehost', ip: '162.242.195.82' }]],
    ['myhostv6:::1', [{ host: 'myhostv6', ip: '::1' }]],
    ['myhostv6=::1', [{ host: 'myhostv6', ip: '::1' }]],
    ['myhostv6=[::1]', [{ host: 'myhostv6', ip: '::1' }]],
    [
      'multi=1.1.1.1,2.2.2.2',
      [
        { host: 'multi', ip: '1.1.1.1' },
        { host: 'multi', ip: '2.2.2.2' },
      ],
    ],
    ['gw=host-gateway', [{ host: 'gw', ip: 'host-gateway' }]],
  ])('%s', (item, pairs) => expect(parseExtraHost(item)).toEqual(pairs));

  it('rejects an entry without separator', () =>
    expect(() => parseExtraHost('host')).toThrow(/missing IP/));

  it('accepts the map form with one or several IPs', () => {
    const context = createContext(() => {});
    expect(extraHostsToPairs({ a: '1.1.1.1', b: ['2.2.2.2', '[::2]'] }, ['x'], context)).toEqual([
      { host: 'a', ip: '1.1.1.1' },
      { host: 'b', ip: '2.2.2.2' },
      { host: 'b', ip: '::2' },
    ]);
    expect(context.errors.hasErrors).toBe(false);
  });
});
