// The pure planning of start / stop / restart / rm: which containers, in which order.
import { describe, expect, it } from 'vitest';
import type { ContainerState } from '../../../src/engine/types.js';
import {
  LifecycleError,
  selectServices,
  type ServiceContainer,
} from '../../../src/lifecycle/containers.js';
import { planRestart, servicesToRestart } from '../../../src/lifecycle/restart.js';
import { containersToRemove, planRm } from '../../../src/lifecycle/rm.js';
import { planStart } from '../../../src/lifecycle/start.js';
import { planStop } from '../../../src/lifecycle/stop.js';
import type { Action } from '../../../src/planner/types.js';
import { project } from '../planner/builders.js';

// db <- web (healthy, restart: true) <- proxy (started); cache independent.
const app = project({
  db: {},
  cache: {},
  web: { depends_on: { db: { condition: 'service_healthy', required: true, restart: true } } },
  proxy: { depends_on: { web: { condition: 'service_started', required: true } } },
});

function container(
  service: string,
  state: ContainerState,
  extra: Partial<ServiceContainer> = {},
): ServiceContainer {
  const number = extra.number ?? 1;
  return {
    id: `${service}${number}-id`,
    name: `app-${service}-${number}`,
    service,
    number,
    oneoff: false,
    state,
    ...extra,
  };
}

const byId = (actions: readonly Action[]) => new Map(actions.map((a) => [a.id, a]));

describe('selectServices', () => {
  it('orders the named services dependencies first, all when none is named', () => {
    expect(selectServices(app, [])).toEqual(['cache', 'db', 'web', 'proxy']);
    expect(selectServices(app, ['proxy', 'db'])).toEqual(['db', 'proxy']);
  });

  it('rejects a service the project does not have', () => {
    expect(() => selectServices(app, ['nope'])).toThrow('no such service: nope');
  });
});

describe('planStart', () => {
  const stopped = ['db', 'cache', 'web', 'proxy'].map((s) => container(s, 'exited'));

  it('starts dependencies first and waits for their conditions', () => {
    const actions = byId(planStart(app, stopped, []).actions);
    expect(actions.get('wait:db:service_healthy')?.after).toEqual(['container:db:1:start']);
    expect(actions.get('container:web:1:start')?.after).toEqual(['wait:db:service_healthy']);
    expect(actions.get('container:proxy:1:start')?.after).toEqual(['container:web:1:start']);
    expect(actions.get('container:cache:1:start')?.after).toEqual([]);
  });

  it('leaves running containers alone and starts only the named services', () => {
    const state = [container('db', 'running'), container('web', 'exited')];
    const plan = planStart(app, state, ['web']);
    expect(plan.actions.map((a) => a.id)).toEqual(['container:web:1:start']);
  });

  it('fails for a service without a container', () => {
    expect(() => planStart(app, [container('db', 'exited')], ['db', 'web'])).toThrow(
      new LifecycleError('lifecycle.no-container', 'service web has no container to start'),
    );
  });
});

describe('planStop', () => {
  it('stops dependents before what they depend on; independent ones at once', () => {
    const state = ['db', 'cache', 'web', 'proxy'].map((s) => container(s, 'running'));
    const actions = byId(planStop(app, state, []).actions);
    expect(actions.get('container:proxy:1:stop')?.after).toEqual([]);
    expect(actions.get('container:cache:1:stop')?.after).toEqual([]);
    expect(actions.get('container:web:1:stop')?.after).toEqual(['container:proxy:1:stop']);
    expect([...(actions.get('container:db:1:stop')?.after ?? [])].sort()).toEqual([
      'container:proxy:1:stop',
      'container:web:1:stop',
    ]);
  });

  it('skips stopped containers', () => {
    const state = [container('db', 'running'), container('web', 'exited')];
    expect(planStop(app, state, []).actions.map((a) => a.id)).toEqual(['container:db:1:stop']);
  });
});

describe('restart', () => {
  it('adds dependents that declare restart: true, unless --no-deps', () => {
    expect(servicesToRestart(app, ['db'], false)).toEqual(['db', 'web']);
    expect(servicesToRestart(app, ['db'], true)).toEqual(['db']);
    expect(servicesToRestart(app, ['web'], false)).toEqual(['web']);
  });

  it('stops everything first, then starts in dependency order', () => {
    const state = [container('db', 'running'), container('web', 'running')];
    const actions = byId(planRestart(app, state, ['db'], false).actions);
    expect(actions.get('container:web:1:stop')?.after).toEqual([]);
    expect(actions.get('container:db:1:stop')?.after).toEqual(['container:web:1:stop']);
    expect([...(actions.get('container:db:1:start')?.after ?? [])].sort()).toEqual([
      'container:db:1:stop',
      'container:web:1:stop',
    ]);
    expect(actions.get('container:web:1:start')?.after).toContain('container:db:1:start');
  });
});

describe('rm', () => {
  const state = [
    container('db', 'running'),
    container('web', 'exited'),
    container('web', 'created', { number: 2 }),
    container('web', 'exited', { oneoff: true, name: 'app-web-run-abc', number: 1 }),
  ];

  it('takes stopped containers only (one-offs included) unless --stop', () => {
    expect(
      containersToRemove(app, state, { services: [], stop: false }).map((c) => c.name),
    ).toEqual(['app-web-1', 'app-web-2', 'app-web-run-abc']);
    expect(containersToRemove(app, state, { services: ['db'], stop: true })).toHaveLength(1);
    expect(containersToRemove(app, state, { services: ['db'], stop: false })).toEqual([]);
  });

  it('stops a running container before removing it', () => {
    const actions = byId(planRm('app', [state[0]!, state[1]!], true).actions);
    expect(actions.get('container:db:1:remove')?.after).toEqual(['container:db:1:stop']);
    expect(actions.get('container:web:1:remove')?.after).toEqual([]);
    expect(actions.get('container:web:1:remove')).toMatchObject({ volumes: true });
  });
});
