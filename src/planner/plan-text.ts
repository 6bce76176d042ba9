import type { Action, ActionType, Plan } from './types.js';

/** `+` create, `~` recreate, `-` remove, `>` start, `x` stop, `=` wait. */
function symbolFor(type: ActionType): string {
  switch (type) {
    case 'network.create':
    case 'volume.create':
    case 'image.pull':
    case 'image.build':
    case 'image.push':
    case 'container.create':
      return '+';
    case 'container.recreate':
      return '~';
    case 'network.remove':
    case 'volume.remove':
    case 'image.remove':
    case 'container.remove':
      return '-';
    case 'container.start':
      return '>';
    case 'container.stop':
      return 'x';
    case 'container.wait':
      return '=';
    default: {
      const unknown: never = type;
      throw new Error(`unknown action type ${String(unknown)}`);
    }
  }
}

function actionLines(action: Action): string[] {
  const verb = action.type.slice(action.type.indexOf('.') + 1);
  const after = action.after.length > 0 ? ` after=[${action.after.join(',')}]` : '';
  const lines = [`${symbolFor(action.type)} ${action.id} (${verb})${after} — ${action.reason}`];
  for (const change of action.changes ?? [])
    lines.push(`    ${change.field}: ${change.from ?? '(none)'} -> ${change.to ?? '(none)'}`);
  return lines;
}

/**
 * The canonical text of a plan, for golden tests and diffs: one line per
 * action in plan order (changes indented below it), then unchanged resources
 * (`.`), warnings and blockers. Stable: it depends on the plan value only.
 */
export function renderPlanText(plan: Plan): string {
  const lines = [
    ...plan.actions.flatMap(actionLines),
    ...plan.unchanged.map((item) => `. ${item.id} — ${item.reason}`),
    ...plan.warnings.map((warning) => `warning: ${warning}`),
    ...plan.blockers.map(
      (blocker) => `blocked: ${blocker.resource} — ${blocker.message} (${blocker.hint})`,
    ),
  ];
  return lines.join('\n');
}
