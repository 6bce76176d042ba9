/** One changed leaf of a service's configuration; `undefined` = absent on that side. */
export interface FieldChange {
  readonly field: string;
  readonly from?: string;
  readonly to?: string;
}

/** Keys whose values look like credentials: their values are never printed. */
const SECRET_KEY = /PASSWORD|SECRET|TOKEN|KEY/i;
const MASK = '***';

/** Fields that do not change a container (the config hash leaves them out too). */
const IGNORED_FIELDS = new Set(['build', 'pull_policy', 'scale', 'depends_on', 'profiles']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function render(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function collect(
  path: readonly string[],
  before: unknown,
  after: unknown,
  changes: FieldChange[],
): void {
  if (path.join('.') === 'deploy.replicas') return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) collect([...path, key], before[key], after[key], changes);
    return;
  }
  // One side an object, the other not (or absent): descend so each leaf is named.
  if (isObject(before) && after === undefined) {
    for (const key of Object.keys(before).sort())
      collect([...path, key], before[key], undefined, changes);
    return;
  }
  if (isObject(after) && before === undefined) {
    for (const key of Object.keys(after).sort())
      collect([...path, key], undefined, after[key], changes);
    return;
  }
  // Arrays (command, ports, ...) compare and print as a whole.
  const from = render(before);
  const to = render(after);
  if (from === to) return;
  const secret = path.some((segment) => SECRET_KEY.test(segment));
  changes.push({
    field: path.join('.'),
    ...(from !== undefined && { from: secret ? MASK : from }),
    ...(to !== undefined && { to: secret ? MASK : to }),
  });
}

/**
 * Field-level differences between two canonical service configurations
 * (`serviceToComposeModel` form), sorted by field, secret-looking values masked.
 */
export function configChanges(
  previous: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
  for (const key of keys) {
    if (IGNORED_FIELDS.has(key)) continue;
    collect([key], previous[key], next[key], changes);
  }
  return changes;
}

/** "environment.FOO changed", "environment.FOO, image changed", "a, b, c and 2 more changed". */
export function describeChanges(changes: readonly FieldChange[]): string {
  const fields = changes.map((change) => change.field);
  if (fields.length <= 3) return `${fields.join(', ')} changed`;
  return `${fields.slice(0, 3).join(', ')} and ${fields.length - 3} more changed`;
}
