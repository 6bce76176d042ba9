import { describe, expect, it } from 'vitest';
import { planDown, renderPlanText } from '../../../src/planner/index.js';
import type { Project } from '../../../src/spec/model.js';
import type { ActualState, DownPlanOptions } from '../../../src/planner/types.js';
import {
  convergedState,
  downOptions,
  observedContainer,
  project,
  withContainers,
} from './builders.js';

function down(p: Project, state: ActualState, options: Partial<DownPlanOptions> = {}): string {
  return renderPlanText(planDown(p, state, downOptions(options)));
}

const started = { condition: 'service_started' as const, required: true };
const stack = project(
  {
    db: { volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
    api: { depends_on: { db: started } },
    web: { depends_on: { api: started } },
    tool: { image: undefined, build: { context: '/srv/app/tool' } },
  },
  { volumes: { data: {}, external_data: { external: true } } },
);

describe('planDown', () => {
  it('stops dependents before their dependencies, then removes the project network', () => {
    expect(down(stack, convergedState(stack))).toMatchInlineSnapshot(`
      "x container:web:1:stop (stop) — down
      - container:web:1:remove (remove) after=[container:web:1:stop] — down
      x container:tool:1:stop (stop) — down
      - container:tool:1:remove (remove) after=[container:tool:1:stop] — down
      x container:api:1:stop (stop) after=[container:web:1:stop] — down
      - container:api:1:remove (remove) after=[container:api:1:stop] — down
      x container:db:1:stop (stop) after=[container:api:1:stop] — down
      - container:db:1:remove (remove) after=[container:db:1:stop] — down
      - network:default (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down"
    `);
  });

  it('passes through a stopped dependent to keep the order transitive', () => {
    const state = withContainers(convergedState(stack), 'api', (c) => ({
      ...c,
      state: 'exited',
      exitCode: 0,
    }));
    expect(down(stack, state)).toMatchInlineSnapshot(`
      "x container:web:1:stop (stop) — down
      - container:web:1:remove (remove) after=[container:web:1:stop] — down
      x container:tool:1:stop (stop) — down
      - container:tool:1:remove (remove) after=[container:tool:1:stop] — down
      - container:api:1:remove (remove) after=[container:web:1:stop] — down
      x container:db:1:stop (stop) after=[container:web:1:stop] — down
      - container:db:1:remove (remove) after=[container:db:1:stop] — down
      - network:default (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down"
    `);
  });

  it('removes the project volumes with -v (never external ones) and images with --rmi', () => {
    expect(down(stack, convergedState(stack), { volumes: true, rmi: 'local' }))
      .toMatchInlineSnapshot(`
      "x container:web:1:stop (stop) — down
      - container:web:1:remove (remove) after=[container:web:1:stop] — down
      x container:tool:1:stop (stop) — down
      - container:tool:1:remove (remove) after=[container:tool:1:stop] — down
      x container:api:1:stop (stop) after=[container:web:1:stop] — down
      - container:api:1:remove (remove) after=[container:api:1:stop] — down
      x container:db:1:stop (stop) after=[container:api:1:stop] — down
      - container:db:1:remove (remove) after=[container:db:1:stop] — down
      - network:default (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down
      - volume:data (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down -v
      - image:tool (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down --rmi local"
    `);
    expect(
      renderPlanText(planDown(stack, convergedState(stack), downOptions({ rmi: 'all' })))
        .split('\n')
        .filter((line) => line.includes('image:')),
    ).toMatchInlineSnapshot(`
      [
        "- image:api (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down --rmi all",
        "- image:tool (remove) after=[container:api:1:remove,container:db:1:remove,container:tool:1:remove,container:web:1:remove] — down --rmi all",
      ]
    `);
  });

  it('with services, takes them and their dependents and leaves networks alone', () => {
    expect(down(stack, convergedState(stack), { services: ['api'] })).toMatchInlineSnapshot(`
      "x container:web:1:stop (stop) — down
      - container:web:1:remove (remove) after=[container:web:1:stop] — down
      x container:api:1:stop (stop) after=[container:web:1:stop] — down
      - container:api:1:remove (remove) after=[container:api:1:stop] — down"
    `);
  });

  it('warns about orphans, or removes them with --remove-orphans', () => {
    const state = { ...convergedState(stack), containers: [observedContainer('gone', 1)] };
    expect(down(stack, state)).toMatchInlineSnapshot(`
      "- network:default (remove) — down
      warning: Found orphan containers (app-gone-1) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up."
    `);
    expect(down(stack, state, { removeOrphans: true })).toMatchInlineSnapshot(`
      "x container:gone:1:stop (stop) — orphan (service removed from compose file)
      - container:gone:1:remove (remove) after=[container:gone:1:stop] — orphan (service removed from compose file)
      - network:default (remove) after=[container:gone:1:remove] — down"
    `);
  });

  it('leaves networks it did not create', () => {
    const state = convergedState(stack);
    const foreign = {
      ...state,
      networks: { app_default: { id: 'n', name: 'app_default', labels: {} } },
    };
    expect(down(stack, { ...foreign, containers: [] })).toBe('');
  });
});
