import type { Action, Plan } from '../planner/types.js';

/**
 * The plan as a JSON document (`tscompose plan --json`), documented in
 * docs/plan-json.md. The human view is rendered from this document, never from
 * the Plan directly, so the two cannot drift.
 */
export interface PlanDocument {
  readonly formatVersion: 1;
  readonly project: string;
  readonly kind: 'up' | 'down';
  readonly summary: PlanSummary;
  readonly actions: readonly PlanDocumentAction[];
  readonly unchanged: Plan['unchanged'];
  readonly warnings: Plan['warnings'];
  readonly blockers: Plan['blockers'];
}

export type ChangeKind =
  'create' | 'recreate' | 'remove' | 'start' | 'stop' | 'pull' | 'build' | 'push' | 'wait';

export interface PlanDocumentAction {
  readonly id: string;
  readonly type: Action['type'];
  readonly change: ChangeKind;
  /** The service the action belongs to, or `null` for project resources (networks, volumes). */
  readonly service: string | null;
  /** Engine-side name of what it touches (container, network, volume or image). */
  readonly resource: string;
  readonly after: readonly string[];
  readonly reason: string;
  readonly changes: NonNullable<Action['changes']>;
}

export interface PlanSummary {
  readonly create: number;
  readonly recreate: number;
  readonly remove: number;
  readonly start: number;
}

export function planToDocument(plan: Plan): PlanDocument {
  const actions = plan.actions.map(describeAction);
  const count = (change: ChangeKind) => actions.filter((action) => action.change === change).length;
  return {
    formatVersion: 1,
    project: plan.project,
    kind: plan.kind,
    summary: {
      create: count('create'),
      recreate: count('recreate'),
      remove: count('remove'),
      start: count('start'),
    },
    actions,
    unchanged: plan.unchanged,
    warnings: plan.warnings,
    blockers: plan.blockers,
  };
}

/** Whether applying the plan would change anything (waits and stops alone do not count). */
export function hasChanges(document: PlanDocument): boolean {
  return document.actions.some((action) => action.change !== 'wait');
}

function describeAction(action: Action): PlanDocumentAction {
  const common = {
    id: action.id,
    type: action.type,
    after: action.after,
    reason: action.reason,
    changes: action.changes ?? [],
  };
  switch (action.type) {
    case 'network.create':
      return { ...common, change: 'create', service: null, resource: action.spec.name };
    case 'network.remove':
      return { ...common, change: 'remove', service: null, resource: action.name };
    case 'volume.create':
      return { ...common, change: 'create', service: null, resource: action.spec.name };
    case 'volume.remove':
      return { ...common, change: 'remove', service: null, resource: action.name };
    case 'image.pull':
      return { ...common, change: 'pull', service: action.service, resource: action.image };
    case 'image.build':
      return { ...common, change: 'build', service: action.service, resource: action.image };
    case 'image.push':
      return { ...common, change: 'push', service: action.service, resource: action.image };
    case 'image.remove':
      return { ...common, change: 'remove', service: null, resource: action.image };
    case 'container.create':
      return { ...common, change: 'create', service: action.service, resource: action.spec.name };
    case 'container.recreate':
      return { ...common, change: 'recreate', service: action.service, resource: action.spec.name };
    case 'container.start':
      return { ...common, change: 'start', service: action.service, resource: action.name };
    case 'container.stop':
      return { ...common, change: 'stop', service: action.service, resource: action.name };
    case 'container.remove':
      return { ...common, change: 'remove', service: action.service, resource: action.name };
    case 'container.wait':
      return { ...common, change: 'wait', service: action.service, resource: action.service };
    default: {
      const unknown: never = action;
      throw new Error(`unknown action ${JSON.stringify(unknown)}`);
    }
  }
}
