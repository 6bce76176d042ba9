import { Label } from '../types.js';

/** Label filters for list calls: the project label first, then any `key=value` the caller adds. */
export function labelFilters(
  project: string | undefined,
  labels: readonly string[] = [],
): string[] {
  return [...(project !== undefined ? [`${Label.project}=${project}`] : []), ...labels];
}
