import type { ChangeKind, PlanDocument, PlanDocumentAction } from './plan-json.js';
import { paint } from './terminal.js';

/** One symbol per kind of change, as reviewers read plans (`+` create, `~` recreate, `-` remove, `>` start). */
const SYMBOL: Record<ChangeKind, string> = {
  create: '+',
  pull: '+',
  build: '+',
  push: '+',
  recreate: '~',
  remove: '-',
  stop: '-',
  start: '>',
  wait: '…',
};

const COLOUR: Record<ChangeKind, 'green' | 'yellow' | 'red' | 'cyan' | 'gray'> = {
  create: 'green',
  pull: 'green',
  build: 'green',
  push: 'green',
  recreate: 'yellow',
  remove: 'red',
  stop: 'red',
  start: 'cyan',
  wait: 'gray',
};

export interface PlanViewOptions {
  readonly verbose: boolean;
  readonly colour: boolean;
}

/**
 * The human view of a plan: actions grouped by service (project resources first),
 * each with its symbol, what it touches and why; field changes indented below;
 * a legend of the symbols used and one summary line.
 */
export function renderPlanView(document: PlanDocument, options: PlanViewOptions): string {
  const lines: string[] = [];
  const groups = groupByService(document.actions);
  for (const [service, actions] of groups) {
    lines.push(service === null ? 'project:' : `service ${service}:`);
    for (const action of actions) lines.push(...renderAction(action, options.colour));
  }
  if (options.verbose) {
    for (const unchanged of document.unchanged)
      lines.push(`  . ${unchanged.id} — ${unchanged.reason}`);
  }
  for (const warning of document.warnings)
    lines.push(`${paint(options.colour, 'yellow', 'warning')}: ${warning}`);
  for (const blocker of document.blockers) {
    lines.push(
      `${paint(options.colour, ['red', 'bold'], 'blocked')}: ${blocker.resource}: ${blocker.message} (${blocker.hint})`,
    );
  }
  const used = new Set(document.actions.map((action) => action.change));
  if (used.size > 0) lines.push('', `Legend: ${legend(used)}`);
  lines.push(summaryLine(document));
  return `${lines.join('\n')}\n`;
}

function renderAction(action: PlanDocumentAction, colour: boolean): string[] {
  const symbol = paint(colour, COLOUR[action.change], SYMBOL[action.change]);
  const head = `  ${symbol} ${action.change} ${describeResource(action)}${action.reason ? ` — ${action.reason}` : ''}`;
  const details = action.changes.map(
    (change) => `      ${change.field}: ${change.from ?? '(unset)'} -> ${change.to ?? '(unset)'}`,
  );
  return [head, ...details];
}

function describeResource(action: PlanDocumentAction): string {
  const kind = action.type.split('.')[0];
  return kind === 'container' && action.change === 'wait'
    ? `for ${action.service}`
    : `${kind} ${action.resource}`;
}

function groupByService(
  actions: readonly PlanDocumentAction[],
): Map<string | null, PlanDocumentAction[]> {
  const groups = new Map<string | null, PlanDocumentAction[]>();
  if (actions.some((action) => action.service === null)) groups.set(null, []);
  for (const action of actions) {
    if (!groups.has(action.service)) groups.set(action.service, []);
    groups.get(action.service)!.push(action);
  }
  return groups;
}

function legend(used: ReadonlySet<ChangeKind>): string {
  const names: [string, ChangeKind[]][] = [
    ['create', ['create', 'pull', 'build']],
    ['recreate', ['recreate']],
    ['remove', ['remove', 'stop']],
    ['start', ['start']],
    ['wait', ['wait']],
  ];
  return names
    .filter(([, kinds]) => kinds.some((kind) => used.has(kind)))
    .map(([name, kinds]) => `${SYMBOL[kinds[0]!]} ${name}`)
    .join(', ');
}

export function summaryLine(document: PlanDocument): string {
  if (document.actions.length === 0 && document.blockers.length === 0) {
    return `Plan: nothing to do, project ${document.project} is up to date.`;
  }
  const { create, recreate, remove, start } = document.summary;
  // Image work (pull, build, push) is named only when there is some, so the
  // usual container summary keeps its shape.
  const images = (['pull', 'build', 'push'] as const)
    .map((change) => [change, document.actions.filter((a) => a.change === change).length] as const)
    .filter(([, count]) => count > 0)
    .map(([change, count]) => `, ${count} to ${change}`)
    .join('');
  return `Plan: ${create} to create, ${recreate} to recreate, ${remove} to remove, ${start} to start${images}.`;
}
