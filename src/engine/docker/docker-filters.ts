import { Label } from '../types.js';

/** Label filters for list calls: the project label first, then any `key=value` the caller adds. */
export function labelFilters(
  project: string | undefined,
  labels: readonly string[] = [],
): string[] {
  return [...(project !== undefined ? [`${Label.project}=${project}`] : []), ...labels];
}

/** A network or volume list query: the engine's filters, and the exact names to keep. */
export interface NamedListQuery {
  /** `undefined` when the caller asked for an empty set of names: nothing to list. */
  readonly options?: { filters?: string };
  /** The engine's `name` filter matches substrings, so results are narrowed to these. */
  readonly keep: (name: string) => boolean;
}

export function namedListQuery(filter: {
  readonly project?: string;
  readonly names?: readonly string[];
}): NamedListQuery {
  const filters: Record<string, string[]> = {};
  const label = labelFilters(filter.project);
  if (label.length > 0) filters['label'] = label;
  if (filter.names) {
    if (filter.names.length === 0) return { keep: () => false };
    filters['name'] = [...filter.names];
  }
  const wanted = filter.names ? new Set(filter.names) : undefined;
  return {
    options: Object.keys(filters).length > 0 ? { filters: JSON.stringify(filters) } : {},
    keep: (name) => !wanted || wanted.has(name),
  };
}
