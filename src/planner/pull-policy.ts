import type { PullPolicy } from './types.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `1h30m`, `12h`, `2d` → milliseconds; undefined when not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    matched += match[0].length;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}

/** How old a local image may be before a refresh policy pulls again; undefined = not a refresh policy. */
export function refreshIntervalMs(policy: PullPolicy): number | undefined {
  if (policy === 'daily') return 86_400_000;
  if (policy === 'weekly') return 604_800_000;
  if (policy.startsWith('every_')) return parseDurationMs(policy.slice('every_'.length));
  return undefined;
}

/** A service's `pull_policy` as the planner knows it (`if_not_present` is `missing`). */
export function effectivePullPolicy(
  written: string | undefined,
  flag: PullPolicy | undefined,
): PullPolicy {
  const policy = flag ?? written ?? 'missing';
  return policy === 'if_not_present' ? 'missing' : (policy as PullPolicy);
}
