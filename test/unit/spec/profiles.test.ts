import { describe, expect, it } from 'vitest';
import { checkConsistency } from '../../../src/spec/consistency.js';
import { applyProfiles, listProfiles } from '../../../src/spec/profiles.js';
import { buildProject } from './project-builder.js';

const project = buildProject({
  web: { image: 'x' },
  debug: { image: 'x', profiles: ['debug'] },
  tools: { image: 'x', profiles: ['tools', 'debug'] },
  seed: {
    image: 'x',
    profiles: ['seed'],
    depends_on: { db: { condition: 'service_started', required: true } },
  },
  db: { image: 'x', profiles: ['seed'] },
});

const enabled = (active: string[], targets?: string[]) =>
  Object.keys(applyProfiles(project, { activeProfiles: active, targetServices: targets }).services);

describe('profiles (§9)', () => {
  it('services without profiles are always on', () => expect(enabled([])).toEqual(['web']));
  it('a shared profile enables a service', () =>
    expect(enabled(['debug'])).toEqual(['web', 'debug', 'tools']));
  it('* enables every service', () =>
    expect(enabled(['*'])).toEqual(['web', 'debug', 'tools', 'seed', 'db']));
  it('targeting a disabled service activates its profiles (same-profile dependencies come along)', () => {
    const result = applyProfiles(project, { activeProfiles: [], targetServices: ['seed'] });
    expect(Object.keys(result.services)).toEqual(['web', 'seed', 'db']);
    expect(result.profiles).toEqual(['seed']);
  });
  it('keeps disabled services aside and records active profiles', () => {
    const result = applyProfiles(project, { activeProfiles: ['tools'] });
    expect(Object.keys(result.disabledServices)).toEqual(['debug', 'seed', 'db']);
    expect(result.profiles).toEqual(['tools']);
  });
  it('can be applied again with other profiles (disabled services are not lost)', () => {
    const once = applyProfiles(project, { activeProfiles: [] });
    expect(Object.keys(applyProfiles(once, { activeProfiles: ['seed'] }).services)).toEqual([
      'web',
      'seed',
      'db',
    ]);
  });
  it('never filters top-level resources', () => {
    const withVolume = buildProject(
      { a: { image: 'x', profiles: ['p'] } },
      { volumes: { v: { name: 'demo_v' } } },
    );
    expect(applyProfiles(withVolume, { activeProfiles: [] }).volumes).toEqual({
      v: { name: 'demo_v' },
    });
  });
  it('listProfiles: every name, sorted, enabled or not', () => {
    expect(listProfiles(applyProfiles(project, { activeProfiles: [] }))).toEqual([
      'debug',
      'seed',
      'tools',
    ]);
  });
});

describe('depends_on a profile-disabled service', () => {
  const base = (required: boolean) =>
    buildProject({
      app: { image: 'x', depends_on: { cache: { condition: 'service_started', required } } },
      cache: { image: 'x', profiles: ['cache'] },
    });
  const errors = (required: boolean) =>
    checkConsistency(applyProfiles(base(required), { activeProfiles: [] }), { warn: () => {} }).map(
      (d) => d.message,
    );

  it('is an error when required', () =>
    expect(errors(true)).toEqual(['service "app" depends on undefined service "cache"']));
  it('is allowed with required: false', () => expect(errors(false)).toEqual([]));
  it('a truly undefined service errors even with required: false', () => {
    const project = buildProject({
      app: { image: 'x', depends_on: { ghost: { condition: 'service_started', required: false } } },
    });
    expect(checkConsistency(project, { warn: () => {} }).map((d) => d.message)).toEqual([
      'service "app" depends on undefined service "ghost"',
    ]);
  });
});
