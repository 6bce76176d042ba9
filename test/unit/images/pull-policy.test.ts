import { describe, expect, it } from 'vitest';
import {
  decideImage,
  type ImageDecisionInput,
  type ImageService,
  type LocalImage,
} from '../../../src/images/pull-policy.js';

const NOW = Date.UTC(2026, 0, 10);
const HOUR = 3_600_000;
const fresh: LocalImage = { lastTagTime: NOW - HOUR, created: NOW - 900 * HOUR };
const old: LocalImage = { lastTagTime: NOW - 30 * 24 * HOUR };

function decide(
  service: Partial<ImageService>,
  local: LocalImage | undefined,
  flags: ImageDecisionInput['flags'] = {},
) {
  return decideImage({
    service: { name: 'web', image: 'app:1', hasBuild: false, ...service },
    reference: 'app:1',
    local,
    flags,
    now: NOW,
  });
}

// [case, service delta, local image, flags, expected action, reason fragment]
const table: [
  string,
  Partial<ImageService>,
  LocalImage | undefined,
  ImageDecisionInput['flags'],
  string,
  string,
][] = [
  ['default, present', {}, fresh, {}, 'use-local', 'present (pull_policy missing)'],
  ['default, missing', {}, undefined, {}, 'pull', 'not found'],
  ['if_not_present, missing', { pullPolicy: 'if_not_present' }, undefined, {}, 'pull', 'not found'],
  ['always, present', { pullPolicy: 'always' }, fresh, {}, 'pull', 'pull_policy always'],
  ['never, present', { pullPolicy: 'never' }, fresh, {}, 'use-local', 'present'],
  [
    'never, missing',
    { pullPolicy: 'never' },
    undefined,
    {},
    'error',
    'pull_policy never forbids pulling',
  ],
  [
    'never, missing, buildable',
    { pullPolicy: 'never', hasBuild: true },
    undefined,
    {},
    'build',
    'not found',
  ],
  ['daily, fresh', { pullPolicy: 'daily' }, fresh, {}, 'use-local', 'present'],
  [
    'daily, old',
    { pullPolicy: 'daily' },
    old,
    {},
    'pull',
    'pulled 30 d ago, older than pull_policy daily',
  ],
  [
    'every_12h, 13 h old',
    { pullPolicy: 'every_12h' },
    { lastTagTime: NOW - 13 * HOUR },
    {},
    'pull',
    '13 h ago',
  ],
  [
    'every_12h, 11 h old',
    { pullPolicy: 'every_12h' },
    { lastTagTime: NOW - 11 * HOUR },
    {},
    'use-local',
    'present',
  ],
  ['weekly, missing', { pullPolicy: 'weekly' }, undefined, {}, 'pull', 'not found'],
  [
    'refresh uses created without a tag time',
    { pullPolicy: 'daily' },
    { created: NOW - 48 * HOUR },
    {},
    'pull',
    '2 d ago',
  ],
  ['refresh without any time pulls', { pullPolicy: 'daily' }, {}, {}, 'pull', 'unknown time'],
  [
    'build policy builds',
    { pullPolicy: 'build', hasBuild: true },
    fresh,
    {},
    'build',
    'pull_policy build',
  ],
  [
    'build policy without build section, present',
    { pullPolicy: 'build' },
    fresh,
    {},
    'use-local',
    'present',
  ],
  [
    'build policy without build section, missing',
    { pullPolicy: 'build' },
    undefined,
    {},
    'error',
    'needs a build section',
  ],
  ['image and build, missing: pull first', { hasBuild: true }, undefined, {}, 'pull', 'not found'],
  ['image and build, present', { hasBuild: true }, fresh, {}, 'use-local', 'present'],
  [
    'build only, missing',
    { image: undefined, hasBuild: true },
    undefined,
    {},
    'build',
    'not found',
  ],
  ['build only, present', { image: undefined, hasBuild: true }, fresh, {}, 'use-local', 'present'],
  [
    'build only, always: never pulled',
    { image: undefined, hasBuild: true, pullPolicy: 'always' },
    fresh,
    {},
    'use-local',
    'present',
  ],
  // Command flags.
  [
    '--pull always overrides never',
    { pullPolicy: 'never' },
    fresh,
    { pull: 'always' },
    'pull',
    '--pull always',
  ],
  [
    '--pull never overrides always',
    { pullPolicy: 'always' },
    fresh,
    { pull: 'never' },
    'use-local',
    '--pull never',
  ],
  [
    '--pull never, missing',
    {},
    undefined,
    { pull: 'never' },
    'error',
    '--pull never forbids pulling',
  ],
  [
    '--pull missing overrides daily',
    { pullPolicy: 'daily' },
    old,
    { pull: 'missing' },
    'use-local',
    '--pull missing',
  ],
  [
    '--pull policy keeps the service policy',
    { pullPolicy: 'always' },
    fresh,
    { pull: 'policy' },
    'pull',
    'pull_policy always',
  ],
  [
    '--build builds what has a build section',
    { hasBuild: true, pullPolicy: 'always' },
    fresh,
    { build: true },
    'build',
    '--build',
  ],
  [
    '--build wins over --pull',
    { hasBuild: true },
    fresh,
    { build: true, pull: 'always' },
    'build',
    '--build',
  ],
  ['--build leaves image-only services alone', {}, fresh, { build: true }, 'use-local', 'present'],
  [
    '--no-build, present',
    { hasBuild: true, pullPolicy: 'build' },
    fresh,
    { noBuild: true },
    'use-local',
    'present',
  ],
  [
    '--no-build, build only, missing',
    { image: undefined, hasBuild: true },
    undefined,
    { noBuild: true },
    'error',
    '--no-build forbids building',
  ],
  [
    '--build with --no-build',
    { hasBuild: true },
    fresh,
    { build: true, noBuild: true },
    'error',
    'incompatible',
  ],
  [
    'neither image nor build',
    { image: undefined },
    undefined,
    {},
    'error',
    'neither image nor build',
  ],
  [
    'bad every_ duration',
    { pullPolicy: 'every_x' },
    fresh,
    {},
    'error',
    'invalid pull_policy "every_x"',
  ],
];

describe('decideImage (up, create, run)', () => {
  it.each(table)('%s', (_case, service, local, flags, action, reason) => {
    const decision = decide(service, local, flags);
    expect(decision.action).toBe(action);
    expect(decision.reason).toContain(reason);
  });

  it('says what a failed pull leads to', () => {
    const onFailure = (service: Partial<ImageService>, flags = {}) => {
      const decision = decide(service, undefined, flags);
      return decision.action === 'pull' ? decision.onFailure : decision.action;
    };
    expect(onFailure({ hasBuild: true })).toBe('build');
    expect(onFailure({ builtByAnotherService: true })).toBe('ignore');
    expect(onFailure({})).toBe('fail');
    expect(onFailure({ hasBuild: true }, { noBuild: true })).toBe('fail');
  });
});
