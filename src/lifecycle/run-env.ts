/**
 * The environment `run` adds to the service's: `-e` entries (a bare `KEY` takes
 * its value from the project's environment), then `--env-from-file` files, whose
 * keys only fill what `-e` did not set (compose's `runOptions.getEnvironment`).
 */
import { readEnvFile } from '../spec/env-file.js';
import { resolveEnvAssignments } from './exec-args.js';

export function runEnvironment(
  entries: readonly string[],
  files: readonly string[],
  lookup: (key: string) => string | undefined,
): string[] {
  const environment = new Map<string, string>();
  for (const entry of resolveEnvAssignments(entries, lookup)) {
    const equals = entry.indexOf('=');
    environment.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  for (const file of files) {
    const values = readEnvFile(file, { lookup: (key) => environment.get(key) ?? lookup(key) });
    for (const [key, value] of values) if (!environment.has(key)) environment.set(key, value);
  }
  return [...environment].map(([key, value]) => `${key}=${value}`);
}
