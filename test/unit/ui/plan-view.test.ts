import { describe, expect, it } from 'vitest';
import type { Action, Plan } from '../../../src/planner/types.js';
import { hasChanges, planToDocument } from '../../../src/ui/plan-json.js';
import { renderPlanView } from '../../../src/ui/plan-view.js';

const spec = (name: string) =>
  ({ name }) as unknown as Extract<Action, { type: 'container.create' }>['spec'];

const plan: Plan = {
  project: 'demo',
  kind: 'up',
  actions: [
    {
      id: 'network:default',
      type: 'network.create',
      network: 'default',
      after: [],
      reason: 'not found',
      spec: { name: 'demo_default', internal: false, attachable: false, labels: {} },
    },
    {
      id: 'container:db:1',
      type: 'container.recreate',
      service: 'db',
      number: 1,
      containerId: 'abc',
      after: ['network:default'],
      reason: 'environment.PASSWORD changed',
      changes: [{ field: 'environment.PASSWORD', from: '***', to: '***' }],
      spec: spec('demo-db-1'),
    },
    {
      id: 'container:db:1:start',
      type: 'container.start',
      service: 'db',
      number: 1,
      name: 'demo-db-1',
      after: ['container:db:1'],
      reason: 'recreated',
    },
    {
      id: 'container:old:1:remove',
      type: 'container.remove',
      service: 'old',
      number: 1,
      containerId: 'def',
      name: 'demo-old-1',
      volumes: false,
      after: [],
      reason: 'orphan (service removed from compose file)',
    },
  ],
  unchanged: [{ id: 'container:web:1', reason: 'up to date' }],
  warnings: [],
  blockers: [],
};

describe('plan document and view', () => {
  it('counts changes by kind and says whether anything would change', () => {
    const document = planToDocument(plan);
    expect(document.summary).toEqual({ create: 1, recreate: 1, remove: 1, start: 1 });
    expect(document.actions.map((a) => [a.change, a.service, a.resource])).toEqual([
      ['create', null, 'demo_default'],
      ['recreate', 'db', 'demo-db-1'],
      ['start', 'db', 'demo-db-1'],
      ['remove', 'old', 'demo-old-1'],
    ]);
    expect(hasChanges(document)).toBe(true);
    expect(hasChanges(planToDocument({ ...plan, actions: [] }))).toBe(false);
  });

  it('renders one line per action grouped by service, field changes, legend and summary', () => {
    expect(renderPlanView(planToDocument(plan), { verbose: true, colour: false })).toBe(
      [
        'project:',
        '  + create network demo_default — not found',
        'service db:',
        '  ~ recreate container demo-db-1 — environment.PASSWORD changed',
        '      environment.PASSWORD: *** -> ***',
        '  > start container demo-db-1 — recreated',
        'service old:',
        '  - remove container demo-old-1 — orphan (service removed from compose file)',
        '  . container:web:1 — up to date',
        '',
        'Legend: + create, ~ recreate, - remove, > start',
        'Plan: 1 to create, 1 to recreate, 1 to remove, 1 to start.',
        '',
      ].join('\n'),
    );
  });

  it('an empty plan says the project is up to date; blockers are shown', () => {
    const empty = { ...plan, actions: [], unchanged: [] };
    expect(renderPlanView(planToDocument(empty), { verbose: false, colour: false })).toBe(
      'Plan: nothing to do, project demo is up to date.\n',
    );
    const blocked = {
      ...empty,
      blockers: [
        {
          resource: 'volume demo_data',
          message: 'configuration changed',
          hint: 'remove it to recreate it',
        },
      ],
    };
    expect(renderPlanView(planToDocument(blocked), { verbose: false, colour: false })).toContain(
      'blocked: volume demo_data: configuration changed (remove it to recreate it)',
    );
  });
});
