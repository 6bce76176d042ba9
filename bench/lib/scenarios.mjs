// What is measured. Engine scenarios share one deployment per stack, tool and run (a "chain"):
// cold `up -d`, then `ps`, a no-op `up -d`, `up -d` after one service changed, and `down`, each
// timed on its own, then a full clean-up. Parse-only and CLI-start scenarios need no engine.
import { CHANGE_VARIABLE } from '../generate.mjs';

const MiB = 1024;

/** In chain order. `after: true` steps run on the deployment the earlier steps left. */
export const SCENARIOS = [
  {
    id: 'cold-up',
    step: 'up',
    chain: 'deploy',
    stacks: ['s10', 's50', 'vol'],
    title: 'cold `up -d`',
  },
  { id: 'ps', step: 'ps', chain: 'deploy', stacks: ['s10', 's50', 'vol'], title: '`ps`' },
  {
    id: 'noop-up',
    step: 'up',
    chain: 'deploy',
    stacks: ['s10', 's50', 'vol'],
    title: 'no-op `up -d`',
  },
  {
    id: 'change-up',
    step: 'up',
    chain: 'deploy',
    stacks: ['s10', 's50', 'vol'],
    env: { [CHANGE_VARIABLE]: '1' },
    title: '`up -d`, one service changed',
  },
  { id: 'down', step: 'down', chain: 'deploy', stacks: ['s10', 's50', 'vol'], title: '`down`' },
  {
    id: 'wait',
    step: 'up-wait',
    chain: 'wait',
    stacks: ['s10h'],
    title: '`up -d --wait`, health-gated chain',
  },
  {
    id: 'config',
    step: 'config-q',
    chain: 'none',
    stacks: ['big'],
    title: '`config -q`, 1000 services',
  },
  {
    id: 'version',
    step: 'version',
    chain: 'none',
    stacks: ['-'],
    title: '`--version` (CLI start)',
  },
];

/** Peak RSS is read from the cold `up -d` of every stack; this id selects that alone. */
export const RSS_SCENARIO = 'rss';

/** Targets of issue 7, checked against the medians of the same run. */
export const TARGETS = [
  { scenario: 'cold-up', stack: 's50', text: '≤ 1.05x floor', check: (r) => r.floorRatio <= 1.05 },
  { scenario: 'noop-up', stack: 's50', text: '< 0.25 s', check: (r) => r.median < 250 },
  { scenario: 'ps', stack: 's50', text: '< 0.25 s', check: (r) => r.median < 250 },
  { scenario: 'wait', stack: 's10h', text: '≤ 1.03x floor', check: (r) => r.floorRatio <= 1.03 },
  { scenario: 'down', stack: 's50', text: '≤ 1.1x floor', check: (r) => r.floorRatio <= 1.1 },
  { scenario: 'config', stack: 'big', text: '< 0.5 s', check: (r) => r.median < 500 },
  {
    scenario: 'version',
    stack: '-',
    text: '≤ 1.5x `node -e 0`',
    check: (r) => r.floorRatio <= 1.5,
  },
  { scenario: 'rss', stack: 's50', text: '< 150 MiB', check: (r) => r.rssMedian < 150 * MiB },
];

/**
 * Targets of issue 8 for tscompose on the built-in engine (`tscompose-builtin`): an absolute cold
 * start, and "as fast as on Docker" (`ratio: 'base'`: against `tscompose` on the Docker Engine,
 * same run, with the 5% tolerance a median of a few runs on a shared machine needs).
 */
export const BUILTIN_TARGETS = [
  { scenario: 'cold-up', stack: 's50', text: '< 2 s', check: (r) => r.median < 2000 },
  {
    scenario: 'noop-up',
    stack: 's50',
    text: '≤ 1.05x tscompose on Docker',
    ratio: 'base',
    check: (r) => r.baseRatio <= 1.05,
  },
  {
    scenario: 'ps',
    stack: 's50',
    text: '≤ 1.05x tscompose on Docker',
    ratio: 'base',
    check: (r) => r.baseRatio <= 1.05,
  },
];

/**
 * The work for a selection: per stack, the steps to run (through the last selected one) and
 * which of them are recorded.
 */
export function plan(selected, stacks) {
  const wanted = new Set(selected);
  if (wanted.has(RSS_SCENARIO)) wanted.add('cold-up:s50');
  const chains = [];
  const stackNames = [...new Set(SCENARIOS.flatMap((s) => s.stacks))];
  for (const stack of stackNames) {
    if (stacks && stack !== '-' && !stacks.includes(stack)) continue;
    const own = SCENARIOS.filter((s) => s.stacks.includes(stack));
    const recorded = own.filter((s) => wanted.has(s.id) || wanted.has(`${s.id}:${stack}`));
    if (recorded.length === 0) continue;
    const last = own.indexOf(recorded.at(-1));
    chains.push({
      stack,
      kind: own[0].chain,
      steps: own.slice(0, last + 1).map((s) => ({ ...s, recorded: recorded.includes(s) })),
    });
  }
  return chains;
}
