import { describe, expect, it } from 'vitest';
import { planUp, renderPlanText, type PlanInputs } from '../../../src/planner/index.js';
import { serviceToComposeModel } from '../../../src/spec/canonical.js';
import type { Project } from '../../../src/spec/model.js';
import type { ActualState, UpPlanOptions } from '../../../src/planner/types.js';
import {
  convergedState,
  emptyState,
  imageId,
  NOW,
  observedContainer,
  project,
  upOptions,
  withContainers,
} from './builders.js';

function up(
  p: Project,
  state: ActualState,
  options: Partial<UpPlanOptions> = {},
  inputs?: PlanInputs,
): string {
  return renderPlanText(planUp(p, state, upOptions(options), inputs));
}

const healthy = { test: ['CMD', 'true'] };
const dbAndWeb = (web: Record<string, unknown> = {}, db: Record<string, unknown> = {}) =>
  project(
    {
      db: {
        healthcheck: healthy,
        volumes: [{ type: 'volume', source: 'data', target: '/data' }],
        ...db,
      },
      web: { depends_on: { db: { condition: 'service_healthy', required: true } }, ...web },
    },
    { volumes: { data: {} } },
  );

describe('planUp: a fresh project', () => {
  it('creates networks, volumes, pulls each image once, creates and starts in dependency order', () => {
    expect(up(dbAndWeb(), emptyState())).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + volume:data (create) — not found
      + image:db (pull) — image busybox not found
      + container:db:1 (create) after=[image:db,network:default,volume:data] — not found
      > container:db:1:start (start) after=[container:db:1] — created
      + container:web:1 (create) after=[container:db:1,image:db,network:default] — not found
      = wait:db:healthy (wait) after=[container:db:1:start] — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — created"
    `);
  });

  it('is empty against the state it produces', () => {
    const p = dbAndWeb();
    expect(planUp(p, convergedState(p), upOptions()).actions).toEqual([]);
    expect(up(p, convergedState(p))).toMatchInlineSnapshot(`
      ". network:default — up to date
      . volume:data — up to date
      . container:db:1 — up to date
      . container:web:1 — up to date"
    `);
  });
});

describe('planUp: recreate decisions', () => {
  it('recreates only the service whose environment changed, naming the field when the old config is known', () => {
    const before = dbAndWeb();
    const after = dbAndWeb({ environment: { FOO: 'new', API_TOKEN: 'abc' } });
    const inputs: PlanInputs = {
      previousServiceConfig: (container) =>
        container.service === 'web'
          ? serviceToComposeModel({
              ...before.services.web!,
              environment: { FOO: 'old', API_TOKEN: 'xyz' },
            })
          : undefined,
    };
    expect(up(after, convergedState(before), {}, inputs)).toMatchInlineSnapshot(`
      "~ container:web:1 (recreate) — environment.API_TOKEN, environment.FOO changed
          environment.API_TOKEN: *** -> ***
          environment.FOO: old -> new
      = wait:db:healthy (wait) — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . network:default — up to date
      . volume:data — up to date
      . container:db:1 — up to date"
    `);
  });

  it('falls back to "config hash changed" without the old config', () => {
    const before = convergedState(dbAndWeb());
    // Containers made by another tool carry the hash but not tscompose's config label.
    const withoutRecord = {
      ...before,
      containers: before.containers.map((container) => {
        const { 'io.tscompose.service-config': _recorded, ...labels } = container.labels;
        return { ...container, labels };
      }),
    };
    expect(up(dbAndWeb({ environment: { FOO: 'new' } }), withoutRecord)).toMatchInlineSnapshot(`
      "~ container:web:1 (recreate) — config hash changed
      = wait:db:healthy (wait) — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . network:default — up to date
      . volume:data — up to date
      . container:db:1 — up to date"
    `);
  });

  it('recreates when the image behind the tag changed', () => {
    const p = dbAndWeb();
    const state = convergedState(p);
    const moved = { ...state, images: { busybox: { id: imageId('busybox:newer'), created: NOW } } };
    expect(up(p, moved)).toMatchInlineSnapshot(`
      "~ container:db:1 (recreate) — image busybox now resolves to sha256:08f382f94067
      > container:db:1:start (start) after=[container:db:1] — recreated
      ~ container:web:1 (recreate) after=[container:db:1] — image busybox now resolves to sha256:08f382f94067
      = wait:db:healthy (wait) after=[container:db:1:start] — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . network:default — up to date
      . volume:data — up to date"
    `);
  });

  it('--force-recreate forces the named services, --always-recreate-deps their dependencies', () => {
    const p = dbAndWeb();
    const state = convergedState(p);
    expect(up(p, state, { services: ['web'], recreate: 'force' })).toMatchInlineSnapshot(`
      "~ container:web:1 (recreate) — forced (--force-recreate)
      = wait:db:healthy (wait) — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . network:default — up to date
      . volume:data — up to date
      . container:db:1 — up to date"
    `);
    expect(up(p, state, { services: ['web'], recreate: 'force', recreateDependencies: 'force' }))
      .toMatchInlineSnapshot(`
      "~ container:db:1 (recreate) — forced (--always-recreate-deps)
      > container:db:1:start (start) after=[container:db:1] — recreated
      ~ container:web:1 (recreate) after=[container:db:1] — forced (--force-recreate)
      = wait:db:healthy (wait) after=[container:db:1:start] — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . network:default — up to date
      . volume:data — up to date"
    `);
  });

  it('--no-recreate keeps an outdated container and says so', () => {
    const before = dbAndWeb();
    const after = dbAndWeb({ environment: { FOO: 'new' } });
    expect(up(after, convergedState(before), { recreate: 'never', recreateDependencies: 'never' }))
      .toMatchInlineSnapshot(`
        ". network:default — up to date
        . volume:data — up to date
        . container:db:1 — up to date
        . container:web:1 — outdated (environment.FOO changed), kept by --no-recreate"
      `);
  });

  it('starts a stopped up-to-date container, and not with --no-start', () => {
    const p = dbAndWeb();
    const state = withContainers(convergedState(p), 'web', (c) => ({
      ...c,
      state: 'exited',
      exitCode: 137,
    }));
    expect(up(p, state)).toMatchInlineSnapshot(`
      "= wait:db:healthy (wait) — dependents wait until db is healthy
      > container:web:1:start (start) after=[wait:db:healthy] — exited (code 137)
      . network:default — up to date
      . volume:data — up to date
      . container:db:1 — up to date"
    `);
    expect(up(p, state, { noStart: true })).toMatchInlineSnapshot(`
      ". network:default — up to date
      . volume:data — up to date
      . container:db:1 — up to date
      . container:web:1 — up to date, exited (code 137), not started (--no-start)"
    `);
  });

  it('recreates a container missing an expected network or named volume', () => {
    const p = dbAndWeb();
    let state = withContainers(convergedState(p), 'web', (c) => ({ ...c, networks: [] }));
    state = withContainers(state, 'db', (c) => ({ ...c, volumes: [] }));
    expect(up(p, state)).toMatchInlineSnapshot(`
      "~ container:db:1 (recreate) — volume app_data missing
      > container:db:1:start (start) after=[container:db:1] — recreated
      ~ container:web:1 (recreate) after=[container:db:1] — network app_default missing
      = wait:db:healthy (wait) after=[container:db:1:start] — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . network:default — up to date
      . volume:data — up to date"
    `);
  });
});

describe('planUp: scale', () => {
  const one = project({ web: {} });

  it('scales up from the highest number + 1', () => {
    expect(up(one, convergedState(one), { scale: { web: 3 } })).toMatchInlineSnapshot(`
      "+ container:web:2 (create) — scale 1 -> 3
      > container:web:2:start (start) after=[container:web:2] — created
      + container:web:3 (create) — scale 1 -> 3
      > container:web:3:start (start) after=[container:web:3] — created
      . network:default — up to date
      . container:web:1 — up to date"
    `);
    const gap = withContainers(convergedState(one, { web: 3 }), 'web', (c) =>
      c.number === 2 ? undefined : c,
    );
    expect(up(one, gap, { scale: { web: 3 } })).toMatchInlineSnapshot(`
      "+ container:web:4 (create) — scale 2 -> 3
      > container:web:4:start (start) after=[container:web:4] — created
      . network:default — up to date
      . container:web:1 — up to date
      . container:web:3 — up to date"
    `);
  });

  it('scales down by removing outdated containers first, then the highest numbers', () => {
    const state = convergedState(one, { web: 3 });
    expect(up(one, state)).toMatchInlineSnapshot(`
      "x container:web:2:stop (stop) — scale 3 -> 1
      - container:web:2:remove (remove) after=[container:web:2:stop] — scale 3 -> 1
      x container:web:3:stop (stop) — scale 3 -> 1
      - container:web:3:remove (remove) after=[container:web:3:stop] — scale 3 -> 1
      . network:default — up to date
      . container:web:1 — up to date"
    `);
    const outdatedFirst = withContainers(state, 'web', (c) =>
      c.number === 1 ? { ...c, configHash: 'old' } : c,
    );
    expect(up(one, outdatedFirst, { scale: { web: 2 } })).toMatchInlineSnapshot(`
      "x container:web:1:stop (stop) — scale 3 -> 2
      - container:web:1:remove (remove) after=[container:web:1:stop] — scale 3 -> 2
      . network:default — up to date
      . container:web:2 — up to date
      . container:web:3 — up to date"
    `);
  });

  it('takes deploy.replicas when --scale is absent', () => {
    const replicated = project({ web: { deploy: { replicas: 2 } } });
    expect(up(replicated, convergedState(one))).toMatchInlineSnapshot(`
      "+ container:web:2 (create) — scale 1 -> 2
      > container:web:2:start (start) after=[container:web:2] — created
      . network:default — up to date
      . container:web:1 — up to date"
    `);
  });
});

describe('planUp: orphans and profiles', () => {
  const p = project({ web: {} }, { disabled: { debug: { profiles: ['debug'] } } });
  const state = {
    ...convergedState(p),
    containers: [
      ...convergedState(p).containers,
      observedContainer('old', 1),
      observedContainer('debug', 1),
      observedContainer('web', 9, { oneoff: true, name: 'app-web-run-0123' }),
    ],
  };

  it('warns about orphans; profile-disabled services and one-off containers are neither planned nor orphans', () => {
    expect(up(p, state)).toMatchInlineSnapshot(`
      ". network:default — up to date
      . container:web:1 — up to date
      warning: Found orphan containers (app-old-1) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up."
    `);
  });

  it('stops and removes orphans with --remove-orphans', () => {
    expect(up(p, state, { removeOrphans: true })).toMatchInlineSnapshot(`
      "x container:old:1:stop (stop) — orphan (service removed from compose file)
      - container:old:1:remove (remove) after=[container:old:1:stop] — orphan (service removed from compose file)
      . network:default — up to date
      . container:web:1 — up to date"
    `);
  });
});

describe('planUp: networks and volumes', () => {
  const external = project(
    { web: { networks: { shared: null } } },
    { networks: { shared: { external: true } } },
  );

  it('blocks on a missing external network and never creates it', () => {
    expect(up(external, emptyState())).toMatchInlineSnapshot(`
      "+ image:web (pull) — image busybox not found
      + container:web:1 (create) after=[image:web] — not found
      > container:web:1:start (start) after=[container:web:1] — created
      blocked: network:shared — network shared declared as external, but could not be found (create it with \`docker network create shared\` or remove \`external: true\`)"
    `);
  });

  it('uses an existing external network', () => {
    expect(up(external, convergedState(external))).toMatchInlineSnapshot(`
      ". network:shared — external, exists
      . container:web:1 — up to date"
    `);
  });

  it('blocks on a volume whose configuration changed instead of recreating it', () => {
    const before = dbAndWeb();
    const after: Project = { ...before, volumes: { data: { name: 'app_data', driver: 'nfs' } } };
    expect(up(after, convergedState(before))).toMatchInlineSnapshot(`
      ". network:default — up to date
      . container:db:1 — up to date
      . container:web:1 — up to date
      blocked: volume:data — volume app_data exists but doesn't match configuration in the compose file (remove it with \`docker volume rm app_data\` or \`down -v\` to recreate it (its data will be lost))"
    `);
  });

  it('recreates a network whose configuration changed: attached containers stop first, then are recreated', () => {
    const before = dbAndWeb();
    const after: Project = {
      ...before,
      networks: { default: { name: 'app_default', internal: true } },
    };
    expect(up(after, convergedState(before))).toMatchInlineSnapshot(`
      "x container:db:1:stop (stop) — network app_default is recreated
      x container:web:1:stop (stop) — network app_default is recreated
      - network:default:remove (remove) after=[container:db:1:stop,container:web:1:stop] — configuration changed
      + network:default (create) after=[network:default:remove] — configuration changed
      ~ container:db:1 (recreate) after=[container:db:1:stop,network:default] — network app_default is recreated
      > container:db:1:start (start) after=[container:db:1] — recreated
      ~ container:web:1 (recreate) after=[container:db:1,container:web:1:stop,network:default] — network app_default is recreated
      = wait:db:healthy (wait) after=[container:db:1:start] — dependents wait until db is healthy
      > container:web:1:start (start) after=[container:web:1,wait:db:healthy] — recreated
      . volume:data — up to date"
    `);
  });
});

describe('planUp: dependencies', () => {
  it('recreates a service sharing a namespace (service:) when its parent is recreated', () => {
    const shape = (env: Record<string, string>) =>
      project({ vpn: { environment: env }, app: { network_mode: 'service:vpn' } });
    expect(up(shape({ A: '2' }), convergedState(shape({ A: '1' })))).toMatchInlineSnapshot(`
      "~ container:vpn:1 (recreate) — environment.A changed
          environment.A: 1 -> 2
      > container:vpn:1:start (start) after=[container:vpn:1] — recreated
      ~ container:app:1 (recreate) after=[container:vpn:1] — vpn is recreated and this container shares its namespaces or volumes
      > container:app:1:start (start) after=[container:app:1,container:vpn:1:start] — recreated
      . network:default — up to date"
    `);
  });

  it('restarts dependents with restart: true when their dependency is recreated', () => {
    const shape = (env: Record<string, string>) =>
      project({
        db: { environment: env },
        web: {
          depends_on: { db: { condition: 'service_started', required: true, restart: true } },
        },
        worker: { depends_on: { db: { condition: 'service_started', required: true } } },
      });
    expect(up(shape({ A: '2' }), convergedState(shape({ A: '1' })))).toMatchInlineSnapshot(`
      "x container:web:1:stop (stop) — db recreated (restart: true)
      ~ container:db:1 (recreate) after=[container:web:1:stop] — environment.A changed
          environment.A: 1 -> 2
      > container:db:1:start (start) after=[container:db:1] — recreated
      > container:web:1:start (start) after=[container:db:1:start,container:web:1:stop] — db recreated (restart: true)
      . network:default — up to date
      . container:worker:1 — up to date"
    `);
  });

  it('waits for service_healthy and service_completed_successfully, carrying the required flag', () => {
    const p = project({
      migrate: {},
      cache: { healthcheck: healthy },
      web: {
        depends_on: {
          migrate: { condition: 'service_completed_successfully', required: true },
          cache: { condition: 'service_healthy', required: false },
        },
      },
    });
    const plan = planUp(p, emptyState(), upOptions());
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:cache (pull) — image busybox not found
      + container:cache:1 (create) after=[image:cache,network:default] — not found
      > container:cache:1:start (start) after=[container:cache:1] — created
      + container:migrate:1 (create) after=[image:cache,network:default] — not found
      > container:migrate:1:start (start) after=[container:migrate:1] — created
      + container:web:1 (create) after=[container:cache:1,container:migrate:1,image:cache,network:default] — not found
      = wait:cache:healthy:optional (wait) after=[container:cache:1:start] — dependents wait until cache is healthy (not required)
      = wait:migrate:completed (wait) after=[container:migrate:1:start] — dependents wait until migrate is completed successfully
      > container:web:1:start (start) after=[container:web:1,wait:cache:healthy:optional,wait:migrate:completed] — created"
    `);
    expect(plan.actions.find((a) => a.id === 'wait:cache:healthy:optional')).toMatchObject({
      required: false,
    });
  });

  it('plans only the named services and their dependencies, or only them with --no-deps', () => {
    const p = project({
      db: {},
      web: { depends_on: { db: { condition: 'service_started', required: true } } },
      other: {},
    });
    expect(up(p, emptyState(), { services: ['web'] })).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:db (pull) — image busybox not found
      + container:db:1 (create) after=[image:db,network:default] — not found
      > container:db:1:start (start) after=[container:db:1] — created
      + container:web:1 (create) after=[container:db:1,image:db,network:default] — not found
      > container:web:1:start (start) after=[container:db:1:start,container:web:1] — created"
    `);
    expect(up(p, emptyState(), { services: ['web'], noDeps: true })).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:web (pull) — image busybox not found
      + container:web:1 (create) after=[image:web,network:default] — not found
      > container:web:1:start (start) after=[container:web:1] — created"
    `);
  });

  it('rejects a dependency cycle, naming it', () => {
    const p = project({
      a: { depends_on: { b: { condition: 'service_started', required: true } } },
      b: { depends_on: { c: { condition: 'service_started', required: true } } },
      c: { links: ['a'] },
    });
    expect(() => planUp(p, emptyState(), upOptions())).toThrow(
      'dependency cycle detected: a -> b -> c -> a',
    );
  });
});

describe('planUp: images', () => {
  const built = project({ api: { image: undefined, build: { context: '/srv/app/api' } } });

  it('builds a missing image of a service with build:, and always with --build', () => {
    expect(up(built, emptyState())).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + image:api (build) — image app-api not found
      + container:api:1 (create) after=[image:api,network:default] — not found
      > container:api:1:start (start) after=[container:api:1] — created"
    `);
    expect(up(built, convergedState(built), { build: 'always' })).toMatchInlineSnapshot(`
      "+ image:api (build) — --build
      . network:default — up to date
      . container:api:1 — up to date unless image:api changes the image"
    `);
  });

  it('follows pull_policy always, never and daily against the injected clock', () => {
    const policy = (pull_policy: string) => project({ web: { pull_policy } });
    expect(up(policy('always'), convergedState(policy('always')))).toMatchInlineSnapshot(`
      "+ image:web (pull) — pull_policy always
      . network:default — up to date
      . container:web:1 — up to date unless image:web changes the image"
    `);
    expect(up(policy('never'), emptyState())).toMatchInlineSnapshot(`
      "+ network:default (create) — not found
      + container:web:1 (create) after=[network:default] — not found
      > container:web:1:start (start) after=[container:web:1] — created
      blocked: image:web — image busybox not found locally and pull_policy never forbids pulling it (run tscompose pull, or change pull_policy or --pull)"
    `);
    const daily = policy('daily');
    const old = {
      ...convergedState(daily),
      images: { busybox: { id: imageId('busybox'), created: NOW - 2 * 86_400_000 } },
    };
    expect(up(daily, old)).toMatchInlineSnapshot(`
      "+ image:web (pull) — image busybox was pulled 2 d ago, older than pull_policy daily allows
      . network:default — up to date
      . container:web:1 — up to date unless image:web changes the image"
    `);
    expect(planUp(daily, convergedState(daily), upOptions()).actions).toEqual([]);
  });
});
