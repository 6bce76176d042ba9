import { describe, expect, it } from 'vitest';
import { planUp, renderPlanText } from '../../../src/planner/index.js';
import {
  planBuildCommand,
  planPullCommand,
  planPushCommand,
} from '../../../src/planner/plan-image-commands.js';
import type { Action, ActualState, Plan, UpPlanOptions } from '../../../src/planner/types.js';
import type { Project } from '../../../src/spec/model.js';
import { convergedState, emptyState, imageId, NOW, project, upOptions } from './builders.js';

const DAY = 86_400_000;
const up = (p: Project, state: ActualState, options: Partial<UpPlanOptions> = {}) =>
  renderPlanText(planUp(p, state, upOptions(options)));
const action = (plan: Plan, id: string): Action => {
  const found = plan.actions.find((a) => a.id === id);
  if (!found) throw new Error(`no action ${id} in:\n${renderPlanText(plan)}`);
  return found;
};
const withImage = (
  state: ActualState,
  reference: string,
  image: ActualState['images'][string],
) => ({
  ...state,
  images: { ...state.images, [reference]: image },
});

describe('planUp images: refresh policies use the last tag time', () => {
  const daily = project({ web: { pull_policy: 'daily' } });

  it('does not pull an old image that was pulled (tagged) an hour ago', () => {
    const state = withImage(convergedState(daily), 'busybox', {
      id: imageId('busybox'),
      created: NOW - 300 * DAY,
      lastTagTime: NOW - 3_600_000,
    });
    expect(planUp(daily, state, upOptions()).actions).toEqual([]);
  });

  it('pulls when the last tag is older than the interval, saying how old', () => {
    const state = withImage(convergedState(daily), 'busybox', {
      id: imageId('busybox'),
      created: NOW - 300 * DAY,
      lastTagTime: NOW - 3 * DAY,
    });
    expect(up(daily, state)).toMatchInlineSnapshot(`
      "+ image:web (pull) — image busybox was pulled 3 d ago, older than pull_policy daily allows
      . network:default — up to date
      . container:web:1 — up to date unless image:web changes the image"
    `);
  });

  it('every_12h against the creation time when no tag time is known', () => {
    const every = project({ web: { pull_policy: 'every_12h' } });
    const state = withImage(convergedState(every), 'busybox', {
      id: imageId('busybox'),
      created: NOW - 13 * 3_600_000,
    });
    expect(up(every, state)).toMatchInlineSnapshot(`
      "+ image:web (pull) — image busybox was pulled 13 h ago, older than pull_policy every_12h allows
      . network:default — up to date
      . container:web:1 — up to date unless image:web changes the image"
    `);
  });
});

describe('planUp images: image and build', () => {
  const both = project({
    api: { image: 'registry.example/team/api:1', build: { context: '/srv/app/api' } },
  });

  it('pulls a missing image first and builds it when the pull fails', () => {
    const plan = planUp(both, emptyState(), upOptions());
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:api (pull) — image registry.example/team/api:1 not found; built if the pull fails
      + container:api:1 (create) after=[image:api,network:default] — not found
      > container:api:1:start (start) after=[container:api:1] — created"
    `);
    const pull = action(plan, 'image:api');
    if (pull.type !== 'image.pull') throw new Error(pull.type);
    expect(pull.onFailure?.kind).toBe('build');
    if (pull.onFailure?.kind === 'build')
      expect(pull.onFailure.build.tags).toEqual(['registry.example/team/api:1']);
  });

  it('uses the present image, builds with --build or pull_policy build, never pulls with --pull never', () => {
    expect(planUp(both, convergedState(both), upOptions()).actions).toEqual([]);
    expect(up(both, convergedState(both), { build: 'always' })).toMatchInlineSnapshot(`
      "+ image:api (build) — --build
      . network:default — up to date
      . container:api:1 — up to date unless image:api changes the image"
    `);
    const policyBuild = project({
      api: {
        image: 'registry.example/team/api:1',
        build: { context: '/srv/app/api' },
        pull_policy: 'build',
      },
    });
    expect(up(policyBuild, convergedState(policyBuild))).toMatchInlineSnapshot(`
      "+ image:api (build) — pull_policy build
      . network:default — up to date
      . container:api:1 — up to date unless image:api changes the image"
    `);
    expect(up(both, emptyState(), { pull: 'never' })).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:api (build) — image registry.example/team/api:1 not found
      + container:api:1 (create) after=[image:api,network:default] — not found
      > container:api:1:start (start) after=[container:api:1] — created"
    `);
  });

  it('blocks a build-only service whose image is missing under --no-build', () => {
    const built = project({ api: { image: undefined, build: { context: '/srv/app/api' } } });
    expect(up(built, emptyState(), { build: 'never' })).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + container:api:1 (create) after=[network:default] — not found
      > container:api:1:start (start) after=[container:api:1] — created
      blocked: image:api — image app-api not found locally and --no-build forbids building it (run tscompose build, or leave out --no-build)"
    `);
  });

  it('pulls an image two services share once, and its container actions come after that pull', () => {
    const shared = project({ a: {}, b: {} });
    expect(up(shared, emptyState())).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:a (pull) — image busybox not found
      + container:a:1 (create) after=[image:a,network:default] — not found
      > container:a:1:start (start) after=[container:a:1] — created
      + container:b:1 (create) after=[image:a,network:default] — not found
      > container:b:1:start (start) after=[container:b:1] — created"
    `);
  });
});

describe('planUp images: the built image', () => {
  const built = project({
    api: {
      image: undefined,
      build: {
        context: '/srv/app/api',
        dockerfile_inline: 'FROM busybox:latest\n',
        args: { VERSION: '2' },
        target: 'final',
        labels: { team: 'core' },
        cache_from: ['app-api:cache'],
        shm_size: 67_108_864,
        platforms: ['linux/amd64', 'linux/arm64'],
        tags: ['app-api:extra'],
        ssh: { default: null },
      },
    },
  });

  it('is named <project>-<service>, labelled with the project and service, and carries the build options', () => {
    const build = action(planUp(built, emptyState(), upOptions()), 'image:api');
    if (build.type !== 'image.build') throw new Error(build.type);
    expect(build.image).toBe('app-api');
    expect(build.build).toEqual({
      context: '/srv/app/api',
      dockerfile: { kind: 'inline', text: 'FROM busybox:latest\n' },
      tags: ['app-api', 'app-api:extra'],
      args: { VERSION: '2' },
      target: 'final',
      labels: {
        team: 'core',
        'com.docker.compose.project': 'app',
        'com.docker.compose.service': 'api',
      },
      cacheFrom: ['app-api:cache'],
      shmSize: 67_108_864,
      extraHosts: [],
      noCache: false,
      pull: false,
      platform: 'linux/amd64',
      warnings: [
        'service "api": build.ssh is not supported by the engine\'s classic builder and is ignored',
        'service "api": build.platforms lists 2 platforms; the engine\'s classic builder builds only linux/amd64',
      ],
    });
  });

  it('recreates the container when the tag now points to another image id (after a build)', () => {
    const state = withImage(convergedState(built), 'app-api', {
      id: imageId('app-api:rebuilt'),
      created: NOW,
    });
    expect(up(built, state)).toMatchInlineSnapshot(`
      "~ container:api:1 (recreate) — image app-api now resolves to sha256:8182bc8551b1
      > container:api:1:start (start) after=[container:api:1] — recreated
      . network:default — up to date"
    `);
  });
});

describe('image command plans', () => {
  const p = project({
    db: {},
    api: {
      image: 'registry.example/team/api:1',
      build: { context: '/srv/app/api', tags: ['registry.example/team/api:latest'] },
      depends_on: { db: { condition: 'service_started', required: true } },
    },
    local: { image: undefined, build: { context: '/srv/app/local', args: { A: '1' } } },
  });

  it('pull: compose pull decisions, failures of buildable images only warn, skips listed', () => {
    const plan = planPullCommand(p, convergedState(p), {
      services: [],
      includeDeps: false,
      ignorePullFailures: false,
      ignoreBuildable: false,
    });
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "+ image:api (pull) — no pull_policy: compose pull refreshes
      + image:db (pull) — no pull_policy: compose pull refreshes
      . image:local — No image to be pulled"
    `);
    const pull = action(plan, 'image:api');
    expect(pull.type === 'image.pull' && pull.onFailure).toEqual({ kind: 'ignore' });
    const db = action(plan, 'image:db');
    expect(db.type === 'image.pull' && db.onFailure).toBeUndefined();
  });

  it('pull: --ignore-buildable, --policy missing, and a named service with --include-deps', () => {
    const plan = planPullCommand(p, convergedState(p), {
      services: ['api'],
      includeDeps: true,
      policy: 'missing',
      ignorePullFailures: true,
      ignoreBuildable: true,
    });
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "+ image:db (pull) — image busybox is a latest tag
      . image:api — Image is already present locally"
    `);
  });

  it('push: each tag of services with build and image; others skipped', () => {
    const plan = planPushCommand(p, { services: [], includeDeps: false, ignorePushFailures: true });
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "+ image:api:push (push) — push
      + image:api:push:1 (push) — push
      . image:db:push — no build section and image to push
      . image:local:push — no build section and image to push"
    `);
    expect(plan.actions.every((a) => a.type === 'image.push' && a.ignoreFailure)).toBe(true);
  });

  it('build: services with a build section, overrides, and --push after each build', () => {
    const plan = planBuildCommand(p, {
      services: [],
      withDependencies: false,
      overrides: { args: { A: '2', B: '3' }, noCache: true, pull: true },
      push: true,
    });
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "+ image:api (build) — build
      + image:api:push (push) after=[image:api] — build --push
      + image:api:push:1 (push) after=[image:api] — build --push
      + image:local (build) — build
      . image:db — no build section"
    `);
    const local = action(plan, 'image:local');
    if (local.type !== 'image.build') throw new Error(local.type);
    expect(local.build).toMatchObject({ args: { A: '2', B: '3' }, noCache: true, pull: true });
    expect(() =>
      planBuildCommand(p, {
        services: ['nope'],
        withDependencies: false,
        overrides: {},
        push: false,
      }),
    ).toThrow('no such service: nope');
  });
});
