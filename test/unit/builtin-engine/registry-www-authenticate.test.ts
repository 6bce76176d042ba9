import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from '../../../src/builtin-engine/registry/index.js';

describe('WWW-Authenticate parsing', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/busybox:pull',
        },
      },
    ]);
  });

  it("reads distribution's Basic challenge, scheme and names case-insensitively", () => {
    expect(parseWwwAuthenticate('BASIC Realm="Registry Realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted values', () => {
    const [challenge] = parseWwwAuthenticate(
      'Bearer realm="http://127.0.0.1:5002/token", scope="repository:a/b:pull,push", error="say \\"hi\\""',
    );
    expect(challenge?.params).toEqual({
      realm: 'http://127.0.0.1:5002/token',
      scope: 'repository:a/b:pull,push',
      error: 'say "hi"',
    });
  });

  it('splits several challenges, also from repeated headers', () => {
    const both = parseWwwAuthenticate('Basic realm="r", Bearer realm="https://t/token",service=s');
    expect(both.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(both[1]?.params).toEqual({ realm: 'https://t/token', service: 's' });
    expect(
      parseWwwAuthenticate(['Negotiate abc+/==', 'Bearer realm="x"']).map((c) => [
        c.scheme,
        c.params,
      ]),
    ).toEqual([
      ['negotiate', {}],
      ['bearer', { realm: 'x' }],
    ]);
  });

  it('accepts unquoted values and spaces around "=", and yields nothing for nothing', () => {
    expect(parseWwwAuthenticate('Bearer realm = https://t/token , service=reg')[0]?.params).toEqual(
      {
        realm: 'https://t/token',
        service: 'reg',
      },
    );
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate('')).toEqual([]);
  });
});
