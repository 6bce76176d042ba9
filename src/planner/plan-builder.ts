import type { Action, Plan, PlanBlocker } from './types.js';
import { PlannerError } from './errors.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An action before its edges are final. */
export type ActionDraft = DistributiveOmit<Action, 'after'>;

/**
 * Collects actions while the planner decides, then freezes them into a `Plan`:
 * edges deduplicated and sorted, every edge checked to point at an action, and
 * the actions put in a topological order (ties keep the order of decision).
 */
export class PlanBuilder {
  private readonly drafts = new Map<string, { action: ActionDraft; after: Set<string> }>();
  private readonly unchangedItems: { id: string; reason: string }[] = [];
  private readonly warningItems: string[] = [];
  private readonly blockerItems: PlanBlocker[] = [];

  add(action: ActionDraft, after: Iterable<string | undefined> = []): string {
    if (this.drafts.has(action.id))
      throw new PlannerError('planner.internal', action.id, `action ${action.id} planned twice`);
    this.drafts.set(action.id, { action, after: new Set() });
    this.addAfter(action.id, after);
    return action.id;
  }

  has(id: string): boolean {
    return this.drafts.has(id);
  }

  get(id: string): ActionDraft | undefined {
    return this.drafts.get(id)?.action;
  }

  /** Adds edges: `id` runs after each of `after` (undefined entries are skipped). */
  addAfter(id: string, after: Iterable<string | undefined>): void {
    const draft = this.drafts.get(id);
    if (!draft) throw new PlannerError('planner.internal', id, `no action ${id} to order`);
    for (const other of after) if (other !== undefined && other !== id) draft.after.add(other);
  }

  unchanged(id: string, reason: string): void {
    this.unchangedItems.push({ id, reason });
  }

  warn(message: string): void {
    this.warningItems.push(message);
  }

  block(blocker: PlanBlocker): void {
    this.blockerItems.push(blocker);
  }

  build(project: string, kind: 'up' | 'down'): Plan {
    const actions = [...this.drafts.values()].map(
      ({ action, after }) => ({ ...action, after: [...after].sort() }) as Action,
    );
    for (const action of actions)
      for (const id of action.after)
        if (!this.drafts.has(id))
          throw new PlannerError(
            'planner.internal',
            action.id,
            `${action.id} waits for unknown ${id}`,
          );
    return {
      project,
      kind,
      actions: topologicalOrder(actions),
      unchanged: [...this.unchangedItems],
      warnings: [...this.warningItems],
      blockers: [...this.blockerItems],
    };
  }
}

/** Kahn's algorithm, always taking the earliest decided action that is ready. */
function topologicalOrder(actions: readonly Action[]): Action[] {
  const position = new Map(actions.map((action, index) => [action.id, index]));
  const waiting = new Map(actions.map((action) => [action.id, action.after.length]));
  const dependents = new Map<string, string[]>(actions.map((action) => [action.id, []]));
  for (const action of actions) for (const id of action.after) dependents.get(id)!.push(action.id);
  const ready = actions.filter((action) => action.after.length === 0).map((action) => action.id);
  const ordered: Action[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    ordered.push(actions[position.get(id)!]!);
    for (const dependent of dependents.get(id)!) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (ordered.length !== actions.length) {
    const stuck = actions.filter((action) => !ordered.includes(action)).map((action) => action.id);
    throw new PlannerError(
      'planner.internal',
      stuck[0]!,
      `plan has a cycle among ${stuck.join(', ')}`,
    );
  }
  return ordered;
}
