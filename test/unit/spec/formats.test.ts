import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatFileMode,
  parseByteSize,
  parseDuration,
  parseFileMode,
  parsePullPolicy,
  parseRestartPolicy,
} from '../../../src/spec/formats.js';

const S = 1e9;

describe('parseDuration', () => {
  it.each([
    ['1m30s', 90 * S],
    ['1.5s', 1.5 * S],
    ['0', 0],
    [0, 0],
    ['10ms', 10e6],
    ['2h', 7200 * S],
    ['1us', 1000],
    ['1µs', 1000],
    ['5ns', 5],
    ['1d', 86400 * S],
    ['1w', 7 * 86400 * S],
    ['-1s', -S],
  ])('%s → %d ns', (text, nanos) => expect(parseDuration(text)).toBe(nanos));

  it.each(['10', '1x', 's', '', '1m30', 10])('rejects %s', (text) =>
    expect(() => parseDuration(text)).toThrow(/duration/),
  );
});

describe('formatDuration (Go style)', () => {
  it.each([
    [90 * S, '1m30s'],
    [1.5 * S, '1.5s'],
    [0, '0s'],
    [30 * S, '30s'],
    [3600 * S, '1h0m0s'],
    [3661 * S, '1h1m1s'],
    [500e6, '500ms'],
    [1.5e6, '1.5ms'],
    [2000, '2µs'],
    [7, '7ns'],
    [60 * S, '1m0s'],
  ])('%d ns → %s', (nanos, text) => expect(formatDuration(nanos)).toBe(text));

  it('round-trips through parseDuration', () =>
    expect(formatDuration(parseDuration('1h2m3.25s'))).toBe('1h2m3.25s'));
});

describe('parseByteSize', () => {
  it.each([
    ['640kb', 655360],
    ['2gb', 2147483648],
    ['1.5g', 1610612736],
    ['-1', -1],
    [-1, -1],
    [1024, 1024],
    ['1024', 1024],
    ['512m', 512 * 1024 ** 2],
    ['1GiB', 1024 ** 3],
    ['10 k', 10240],
    ['100b', 100],
  ])('%s → %d', (text, size) => expect(parseByteSize(text)).toBe(size));

  it.each(['1x', 'lots', '', 'k', '1.2.3m'])('rejects %s', (text) =>
    expect(() => parseByteSize(text)).toThrow(/invalid size/),
  );
});

describe('file modes', () => {
  it('takes a YAML integer as is (legacy 0440 was read as octal by YAML)', () =>
    expect(parseFileMode(0o440)).toBe(0o440));
  it.each([
    ['0440', 0o440],
    ['440', 0o440],
    ['0755', 0o755],
  ])('string %s is octal', (text, value) => expect(parseFileMode(text)).toBe(value));
  it('rejects non-octal text', () => expect(() => parseFileMode('0948')).toThrow(/file mode/));
  it('formats with a leading zero', () => expect(formatFileMode(0o440)).toBe('0440'));
});

describe('restart and pull policies', () => {
  it.each([
    ['no', { name: 'no' }],
    ['always', { name: 'always' }],
    ['unless-stopped', { name: 'unless-stopped' }],
    ['on-failure', { name: 'on-failure' }],
    ['on-failure:3', { name: 'on-failure', maxRetries: 3 }],
  ])('restart %s', (text, policy) => expect(parseRestartPolicy(text)).toEqual(policy));
  it.each(['sometimes', 'always:3', 'on-failure:x', 'on-failure:1:2'])(
    'rejects restart %s',
    (text) => expect(() => parseRestartPolicy(text)).toThrow(/restart policy/),
  );
  it.each([
    'always',
    'never',
    'missing',
    'if_not_present',
    'build',
    'daily',
    'weekly',
    'every_12h',
  ])('pull %s', (text) => expect(parsePullPolicy(text)).toBe(text));
  it.each(['sometimes', 'every_x'])('rejects pull %s', (text) =>
    expect(() => parsePullPolicy(text)).toThrow(),
  );
});
