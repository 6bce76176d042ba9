import { describe, expect, it } from 'vitest';
import {
  Router,
  boolParam,
  compareVersions,
  decodeRegistryAuth,
  encodeOutput,
  intParam,
  parseFilters,
  parseStdcopy,
  splitVersion,
  stdcopyFrame,
  tailParam,
  timeParam,
} from '../../../src/builtin-engine/api/index.js';
import { EngineApiError } from '../../../src/builtin-engine/ports.js';

const q = (text: string) => new URLSearchParams(text);

function apiError(run: () => unknown): EngineApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineApiError) return error;
    throw error;
  }
  throw new Error('expected an EngineApiError');
}

describe('query parameters as the Engine reads them', () => {
  it('booleans: 1/true/yes and anything else are true; 0/false/no/none/empty/absent are false', () => {
    for (const value of ['1', 'true', 'True', 'yes', 'on', 'x']) {
      expect(boolParam(q(`all=${value}`), 'all')).toBe(true);
    }
    for (const value of ['0', 'false', 'FALSE', 'no', 'none', '', ' 0 ']) {
      expect(boolParam(q(`all=${encodeURIComponent(value)}`), 'all')).toBe(false);
    }
    expect(boolParam(q(''), 'all')).toBe(false);
    expect(boolParam(q(''), 'all', true)).toBe(true);
    expect(boolParam(q('all=0'), 'all', true)).toBe(false);
  });

  it('integers: absent/empty → undefined; garbage → 400 naming the parameter', () => {
    expect(intParam(q('t=10'), 't')).toBe(10);
    expect(intParam(q('t=-1'), 't')).toBe(-1);
    expect(intParam(q('t='), 't')).toBeUndefined();
    expect(intParam(q(''), 't')).toBeUndefined();
    const error = apiError(() => intParam(q('t=ten'), 't'));
    expect(error.status).toBe(400);
    expect(error.message).toBe('invalid value for t: "ten"');
    expect(() => intParam(q('t=1.5'), 't')).toThrow(EngineApiError);
  });

  it('filters: list form and map form give the same map', () => {
    const list = parseFilters('{"label":["a=b","c"],"status":["running"]}');
    const map = parseFilters('{"label":{"a=b":true,"c":true},"status":{"running":true}}');
    expect([...list]).toEqual([
      ['label', ['a=b', 'c']],
      ['status', ['running']],
    ]);
    expect([...map]).toEqual([...list]);
  });

  it('filters: absent or empty is no filter; malformed JSON or shapes are 400', () => {
    expect(parseFilters(null).size).toBe(0);
    expect(parseFilters('').size).toBe(0);
    expect(parseFilters('{}').size).toBe(0);
    expect(apiError(() => parseFilters('{bad')).status).toBe(400);
    expect(apiError(() => parseFilters('["label"]')).message).toMatch(/expected a JSON object/);
    expect(apiError(() => parseFilters('{"label":"a"}')).message).toMatch(/"label"/);
    expect(apiError(() => parseFilters('{"label":[1]}')).status).toBe(400);
  });

  it('times: Unix seconds with fraction or RFC 3339; garbage → 400', () => {
    expect(timeParam(q('since=1700000000'), 'since')).toBe(1_700_000_000);
    expect(timeParam(q('since=1700000000.5'), 'since')).toBe(1_700_000_000.5);
    expect(timeParam(q('since=2023-11-14T22:13:20Z'), 'since')).toBe(1_700_000_000);
    expect(timeParam(q('since='), 'since')).toBeUndefined();
    expect(apiError(() => timeParam(q('until=soon'), 'until')).status).toBe(400);
  });

  it('tail: a count, or all for anything else', () => {
    expect(tailParam(q('tail=5'))).toBe(5);
    expect(tailParam(q('tail=0'))).toBe(0);
    expect(tailParam(q('tail=all'))).toBe('all');
    expect(tailParam(q('tail=-1'))).toBe('all');
    expect(tailParam(q(''))).toBe('all');
  });

  it('X-Registry-Auth: base64url or base64, padded or not; undecodable or empty → no credentials', () => {
    const json = JSON.stringify({ username: 'u', password: 'p?>>', serveraddress: 'r:5000' });
    const expected = { username: 'u', password: 'p?>>', serveraddress: 'r:5000' };
    expect(decodeRegistryAuth(Buffer.from(json).toString('base64url'))).toEqual(expected);
    expect(decodeRegistryAuth(Buffer.from(json).toString('base64'))).toEqual(expected);
    expect(
      decodeRegistryAuth(Buffer.from('{"identitytoken":"t","email":""}').toString('base64')),
    ).toEqual({ identitytoken: 't' });
    expect(decodeRegistryAuth(Buffer.from('{}').toString('base64'))).toBeUndefined();
    expect(decodeRegistryAuth('%%%not base64')).toBeUndefined();
    expect(decodeRegistryAuth(Buffer.from('[1]').toString('base64'))).toBeUndefined();
    expect(decodeRegistryAuth(undefined)).toBeUndefined();
    expect(decodeRegistryAuth('')).toBeUndefined();
  });
});

describe('API version prefix', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('1.9', '1.12')).toBeLessThan(0);
    expect(compareVersions('1.41', '1.41')).toBe(0);
    expect(compareVersions('1.41.1', '1.41')).toBeGreaterThan(0);
  });

  it('accepts no prefix and 1.12 … 1.41; strips it from the path', () => {
    expect(splitVersion('/containers/json')).toEqual({ version: '1.41', path: '/containers/json' });
    expect(splitVersion('/v1.41/_ping')).toEqual({ version: '1.41', path: '/_ping' });
    expect(splitVersion('/v1.24/version')).toEqual({ version: '1.24', path: '/version' });
    expect(splitVersion('/v1.12/info')).toEqual({ version: '1.12', path: '/info' });
  });

  it('refuses newer and older clients with the Engine’s sentences', () => {
    expect(apiError(() => splitVersion('/v1.43/version')).message).toBe(
      'client version 1.43 is too new. Maximum supported API version is 1.41',
    );
    const old = apiError(() => splitVersion('/v1.11/version'));
    expect(old.status).toBe(400);
    expect(old.message).toMatch(
      /^client version 1.11 is too old. Minimum supported API version is 1.12/,
    );
  });
});

describe('Router', () => {
  const router = new Router<string>()
    .add('GET', '/images/json', 'list')
    .add('GET', '/images/{name*}/json', 'inspect')
    .add('DELETE', '/images/{name*}', 'remove')
    .add('GET', '/containers/{id}/json', 'container')
    .add('GET|HEAD', '/_ping', 'ping');

  it('matches fixed paths before parameters, and image names with slashes and ports', () => {
    expect(router.match('GET', '/images/json')?.handler).toBe('list');
    const inspect = router.match('GET', '/images/127.0.0.1:5000/team/app:1/json');
    expect(inspect).toEqual({ handler: 'inspect', params: { name: '127.0.0.1:5000/team/app:1' } });
    expect(router.match('DELETE', '/images/busybox:latest')?.params).toEqual({
      name: 'busybox:latest',
    });
  });

  it('decodes parameters, tolerates a trailing slash, and checks the method', () => {
    expect(router.match('GET', '/containers/my%20app/json')?.params).toEqual({ id: 'my app' });
    expect(router.match('GET', '/containers/abc/json/')?.handler).toBe('container');
    expect(router.match('HEAD', '/_ping')?.handler).toBe('ping');
    expect(router.match('POST', '/_ping')).toBeUndefined();
    expect(router.match('GET', '/containers/a/b/json')).toBeUndefined();
    expect(router.match('GET', '/nope')).toBeUndefined();
  });
});

describe('stdcopy framing', () => {
  it('puts the stream id and the big-endian length in an 8-byte header', () => {
    const frame = stdcopyFrame('stderr', Buffer.from('hello'));
    expect([...frame.subarray(0, 8)]).toEqual([2, 0, 0, 0, 0, 0, 0, 5]);
    expect(frame.subarray(8).toString()).toBe('hello');
    const big = stdcopyFrame('stdout', Buffer.alloc(70_000, 1));
    expect([...big.subarray(0, 8)]).toEqual([1, 0, 0, 0, 0, 1, 0x11, 0x70]);
  });

  it('round-trips through parseStdcopy in order', () => {
    const bytes = Buffer.concat([
      stdcopyFrame('stdout', Buffer.from('a')),
      stdcopyFrame('stderr', Buffer.from('b')),
      stdcopyFrame('stdout', Buffer.from('c')),
    ]);
    expect(parseStdcopy(bytes).map((c) => `${c.stream}:${c.data}`)).toEqual([
      'stdout:a',
      'stderr:b',
      'stdout:c',
    ]);
  });

  it('encodes raw with a TTY and prefixes the time when timestamps are asked', () => {
    const chunk = {
      stream: 'stderr' as const,
      data: Buffer.from('x\n'),
      time: '2026-01-01T00:00:00.000000001Z',
    };
    expect(encodeOutput(chunk, { tty: true }).toString()).toBe('x\n');
    expect(encodeOutput(chunk, { tty: true, timestamps: true }).toString()).toBe(
      '2026-01-01T00:00:00.000000001Z x\n',
    );
    const framed = encodeOutput(chunk, { tty: false });
    expect(framed[0]).toBe(2);
    expect(framed.subarray(8).toString()).toBe('x\n');
  });
});
