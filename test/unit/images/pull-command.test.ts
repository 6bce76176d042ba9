// pull_policy values, and what an explicit `compose pull` does with them.
import { describe, expect, it } from 'vitest';
import {
  decidePullCommand,
  parsePullPolicy,
  type ImageService,
  type LocalImage,
} from '../../../src/images/pull-policy.js';

const NOW = Date.UTC(2026, 0, 10);
const HOUR = 3_600_000;
const fresh: LocalImage = { lastTagTime: NOW - HOUR };

describe('parsePullPolicy', () => {
  it.each([
    [undefined, { kind: 'missing' }],
    ['if_not_present', { kind: 'missing' }],
    ['always', { kind: 'always' }],
    ['never', { kind: 'never' }],
    ['build', { kind: 'build' }],
    ['daily', { kind: 'refresh', intervalMs: 24 * HOUR }],
    ['weekly', { kind: 'refresh', intervalMs: 7 * 24 * HOUR }],
    ['every_12h', { kind: 'refresh', intervalMs: 12 * HOUR }],
    ['every_1h30m', { kind: 'refresh', intervalMs: 1.5 * HOUR }],
    ['every_2d', { kind: 'refresh', intervalMs: 48 * HOUR }],
  ])('%s', (text, expected) => {
    expect(parsePullPolicy(text)).toEqual(expected);
  });

  it('rejects a bad duration and an unknown word', () => {
    expect(parsePullPolicy('every_soon')).toEqual({
      error: 'invalid pull_policy "every_soon": invalid duration "soon"',
    });
    expect(parsePullPolicy('sometimes')).toEqual({ error: 'unknown pull_policy "sometimes"' });
  });
});

describe('decidePullCommand (compose pull)', () => {
  const pull = (
    service: Partial<ImageService>,
    local: LocalImage | undefined,
    extra: { policyFlag?: 'missing' | 'always'; ignoreBuildable?: boolean } = {},
  ) =>
    decidePullCommand({
      service: { name: 'web', image: 'app:1', hasBuild: false, ...service },
      local,
      ...extra,
    });

  it.each([
    ['no image', { image: undefined, hasBuild: true }, fresh, {}, 'skip'],
    ['no policy: always refresh', {}, fresh, {}, 'pull'],
    ['missing, present', { pullPolicy: 'missing' }, fresh, {}, 'skip'],
    ['missing, absent', { pullPolicy: 'missing' }, undefined, {}, 'pull'],
    ['missing, present latest', { pullPolicy: 'missing', image: 'app' }, fresh, {}, 'pull'],
    [
      'missing, present explicit latest',
      { pullPolicy: 'missing', image: 'app:latest' },
      fresh,
      {},
      'pull',
    ],
    ['daily, fresh: an explicit pull is due', { pullPolicy: 'daily' }, fresh, {}, 'pull'],
    ['never', { pullPolicy: 'never' }, undefined, {}, 'skip'],
    ['build', { pullPolicy: 'build' }, undefined, {}, 'skip'],
    [
      '--policy missing replaces always',
      { pullPolicy: 'always' },
      fresh,
      { policyFlag: 'missing' },
      'skip',
    ],
    [
      '--policy always replaces never',
      { pullPolicy: 'never' },
      fresh,
      { policyFlag: 'always' },
      'pull',
    ],
    ['--ignore-buildable', { hasBuild: true }, fresh, { ignoreBuildable: true }, 'skip'],
  ] as const)('%s', (_case, service, local, extra, action) => {
    expect(pull(service, local, extra).action).toBe(action);
  });
});
