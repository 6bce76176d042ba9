/** What mutating commands print instead of progress: the plan for `--dry-run`, the blockers that stopped them. */
import type { Plan } from '../../planner/types.js';
import { planToDocument } from '../plan-json.js';
import { renderPlanView } from '../plan-view.js';
import { paint } from '../terminal.js';

/** `--dry-run`: the plan as `tscompose plan` shows it; nothing was changed. */
export function renderDryRun(plan: Plan, colour: boolean): string {
  return `${renderPlanView(planToDocument(plan), { verbose: false, colour })}(dry run: nothing was changed)\n`;
}

/** One line per blocker, the reason the command changed nothing. */
export function renderBlockers(plan: Plan, colour: boolean): string {
  return plan.blockers
    .map(
      (blocker) =>
        `${paint(colour, ['red', 'bold'], 'error')}: ${blocker.resource}: ${blocker.message} (${blocker.hint})\n`,
    )
    .join('');
}
