import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFIXES,
  chainNames,
  hostVethName,
  isValidIfname,
  namedNamespace,
  namespaceName,
  namespacePath,
  ruleComment,
  validatePrefixes,
  type NamePrefixes,
} from '../../../src/builtin-engine/network/names.js';

const ID = '0123456789abcdef'.repeat(4);

describe('network names', () => {
  it('names a container namespace after its short id', () => {
    expect(namespaceName(DEFAULT_PREFIXES, ID)).toBe('tsc-0123456789ab');
    expect(namespacePath(DEFAULT_PREFIXES, ID)).toBe('/run/netns/tsc-0123456789ab');
    expect(namespaceName({ ...DEFAULT_PREFIXES, namespace: 'tt1-' }, ID.slice(0, 12))).toBe(
      'tt1-0123456789ab',
    );
  });

  it.each(['', 'xyz', '0123456789AB', '0123456789a', '../0123456789ab', `${ID}0`])(
    'refuses the container id %j',
    (id) => {
      expect(() => namespaceName(DEFAULT_PREFIXES, id)).toThrow(RangeError);
    },
  );

  it('finds the ip -n name of paths under /run/netns only', () => {
    expect(namedNamespace('/run/netns/tsc-0123456789ab')).toBe('tsc-0123456789ab');
    expect(namedNamespace('/proc/123/ns/net')).toBeUndefined();
    expect(namedNamespace('/run/netns/sub/x')).toBeUndefined();
    expect(namedNamespace('/run/netns/-n')).toBeUndefined();
  });

  it('derives host veth names: 15 chars, stable, distinct per namespace and ifname', () => {
    const a = hostVethName(DEFAULT_PREFIXES, '/run/netns/tsc-0123456789ab', 'eth0');
    expect(a).toMatch(/^tsv[0-9a-f]{12}$/);
    expect(a).toHaveLength(15);
    expect(hostVethName(DEFAULT_PREFIXES, '/run/netns/tsc-0123456789ab', 'eth0')).toBe(a);
    expect(hostVethName(DEFAULT_PREFIXES, '/run/netns/tsc-0123456789ab', 'eth1')).not.toBe(a);
    expect(hostVethName(DEFAULT_PREFIXES, '/run/netns/tsc-0123456789ac', 'eth0')).not.toBe(a);
    const short = hostVethName({ ...DEFAULT_PREFIXES, veth: 'ab12c' }, '/x', 'eth0');
    expect(short).toMatch(/^ab12c[0-9a-f]{10}$/);
    const names = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      names.add(hostVethName(DEFAULT_PREFIXES, `/run/netns/tsc-${n}`, `eth${n % 3}`));
    }
    expect(names.size).toBe(2000);
    for (const name of names) expect(isValidIfname(name)).toBe(true);
  });

  it.each(['eth0', 'tsc-0123456789a', 'br_x.1', 'a'.repeat(15)])('accepts ifname %j', (name) => {
    expect(isValidIfname(name)).toBe(true);
  });

  it.each(['', 'a'.repeat(16), 'a b', 'a/b', '-x', '.', '..', 'eth0\n', 'a:b', '.x'])(
    'refuses ifname %j',
    (name) => {
      expect(isValidIfname(name)).toBe(false);
    },
  );

  it('names chains and rule comments after the chain prefix', () => {
    expect(chainNames(DEFAULT_PREFIXES)).toEqual({
      forward: 'TSCOMPOSE-FORWARD',
      isolation: 'TSCOMPOSE-ISOLATION',
      postrouting: 'TSCOMPOSE-POSTROUTING',
    });
    expect(ruleComment(DEFAULT_PREFIXES, 'tsc-abc')).toBe('tscompose:tsc-abc');
  });

  it('validates prefixes', () => {
    expect(() => validatePrefixes(DEFAULT_PREFIXES)).not.toThrow();
    const bad: Array<Partial<NamePrefixes>> = [
      { namespace: '' },
      { namespace: 'A-' },
      { namespace: 'toolongprefix-' },
      { veth: '' },
      { veth: 'abcdef' },
      { veth: 'a-b' },
      { chain: '' },
      { chain: 'A'.repeat(17) },
      { chain: 'A B' },
    ];
    for (const change of bad) {
      expect(
        () => validatePrefixes({ ...DEFAULT_PREFIXES, ...change }),
        JSON.stringify(change),
      ).toThrow(RangeError);
    }
    expect(() => validatePrefixes({ ...DEFAULT_PREFIXES, chain: 'A'.repeat(16) })).not.toThrow();
  });
});
