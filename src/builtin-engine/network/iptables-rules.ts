/**
 * The engine's firewall as text: what `iptables-save` shows, and the
 * `iptables-restore --noflush` scripts that change only our own chains. Pure.
 *
 * Layout (CHAIN = the configured prefix, TSCOMPOSE by default):
 *
 *   filter FORWARD      -I 1  -j CHAIN-FORWARD
 *   filter CHAIN-FORWARD, per bridge BR (each rule tagged `-m comment`):
 *     -i BR -o BR            ACCEPT     containers of one network reach each other
 *     -i BR                  CHAIN-ISOLATION   (drops BR → another of our bridges)
 *     -i BR                  ACCEPT | DROP (internal)   out to the world
 *     -o BR  RELATED,ESTABLISHED  ACCEPT (not internal)  replies come back
 *     -o BR                  DROP       nothing else gets in by forwarding
 *   filter CHAIN-ISOLATION, per bridge:   -o BR  DROP
 *   nat POSTROUTING     -I 1  -j CHAIN-POSTROUTING
 *   nat CHAIN-POSTROUTING, per non-internal bridge:  -s SUBNET ! -o BR  MASQUERADE
 *
 * Why our own chain at FORWARD position 1: the Docker Engine sets FORWARD's
 * policy to DROP and br_netfilter sends bridged frames through FORWARD, so
 * without an ACCEPT of ours, containers on our bridge cannot talk to each
 * other (research notes §1). Docker's own chains and rules are never named in
 * a script made here, except FORWARD/POSTROUTING for our one jump each.
 * Published ports are a userland proxy (host INPUT/OUTPUT), so nothing here
 * needs to let new connections into a bridge.
 */
import type { BridgeSpec } from '../ports.js';
import type { ChainNames } from './names.js';

export interface SavedTable {
  readonly chains: ReadonlySet<string>;
  /** Rule lines exactly as saved (`-A CHAIN …`). */
  readonly rules: readonly string[];
}

export type SavedTables = ReadonlyMap<string, SavedTable>;

/** Parses `iptables-save` output (all tables) into chains and rule lines per table. */
export function parseIptablesSave(text: string): SavedTables {
  const tables = new Map<string, { chains: Set<string>; rules: string[] }>();
  let current: { chains: Set<string>; rules: string[] } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) {
      current = { chains: new Set(), rules: [] };
      tables.set(line.slice(1), current);
    } else if (current === undefined || line === '' || line.startsWith('#')) {
      continue;
    } else if (line.startsWith(':')) {
      current.chains.add(line.slice(1).split(' ')[0] ?? '');
    } else if (line.startsWith('-A ')) {
      current.rules.push(line);
    }
  }
  return tables;
}

/** Splits a saved rule into words; double quotes group (iptables-save quotes comments with spaces). */
export function ruleWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? ''));
  }
  return words;
}

function chainOf(line: string): string {
  return ruleWords(line)[1] ?? '';
}

function commentOf(line: string): string | undefined {
  const words = ruleWords(line);
  const index = words.indexOf('--comment');
  return index < 0 ? undefined : words[index + 1];
}

function targetOf(line: string): string | undefined {
  const words = ruleWords(line);
  const index = words.indexOf('-j');
  return index < 0 ? undefined : words[index + 1];
}

/** The lines that appear in a restore script for one table. */
interface TableScript {
  readonly table: 'filter' | 'nat';
  readonly lines: string[];
}

function render(scripts: readonly TableScript[]): string {
  const parts = scripts
    .filter((script) => script.lines.length > 0)
    .map((script) => [`*${script.table}`, ...script.lines, 'COMMIT'].join('\n'));
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

const EMPTY: SavedTable = { chains: new Set(), rules: [] };

function table(saved: SavedTables, name: string): SavedTable {
  return saved.get(name) ?? EMPTY;
}

/** `-D` lines for every rule tagged `comment` in the given chains. */
function deletions(saved: SavedTable, chains: readonly string[], comment: string): string[] {
  return saved.rules
    .filter((line) => chains.includes(chainOf(line)) && commentOf(line) === comment)
    .map((line) => `-D ${line.slice(3)}`);
}

/** The rules one bridge needs, as `-A` lines per table. */
export function bridgeRules(
  chains: ChainNames,
  comment: string,
  spec: Pick<BridgeSpec, 'bridge' | 'subnet' | 'internal'>,
): { filter: string[]; nat: string[] } {
  const tag = `-m comment --comment ${comment}`;
  const br = spec.bridge;
  const filter = [
    `-A ${chains.forward} -i ${br} -o ${br} ${tag} -j ACCEPT`,
    `-A ${chains.forward} -i ${br} ${tag} -j ${chains.isolation}`,
    `-A ${chains.forward} -i ${br} ${tag} -j ${spec.internal ? 'DROP' : 'ACCEPT'}`,
    ...(spec.internal
      ? []
      : [
          `-A ${chains.forward} -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED ${tag} -j ACCEPT`,
        ]),
    `-A ${chains.forward} -o ${br} ${tag} -j DROP`,
    `-A ${chains.isolation} -o ${br} ${tag} -j DROP`,
  ];
  const nat = spec.internal
    ? []
    : [`-A ${chains.postrouting} -s ${spec.subnet} ! -o ${br} ${tag} -j MASQUERADE`];
  return { filter, nat };
}

/** Our chains and the one jump into each, for whatever of them is missing. */
function baseLines(saved: SavedTables, chains: ChainNames): { filter: string[]; nat: string[] } {
  const filter = table(saved, 'filter');
  const nat = table(saved, 'nat');
  const hasJump = (t: SavedTable, from: string, to: string) =>
    t.rules.some((line) => line === `-A ${from} -j ${to}`);
  return {
    filter: [
      ...[chains.forward, chains.isolation]
        .filter((c) => !filter.chains.has(c))
        .map((c) => `-N ${c}`),
      ...(hasJump(filter, 'FORWARD', chains.forward) ? [] : [`-I FORWARD 1 -j ${chains.forward}`]),
    ],
    nat: [
      ...(nat.chains.has(chains.postrouting) ? [] : [`-N ${chains.postrouting}`]),
      ...(hasJump(nat, 'POSTROUTING', chains.postrouting)
        ? []
        : [`-I POSTROUTING 1 -j ${chains.postrouting}`]),
    ],
  };
}

/**
 * The script that makes the chains and jumps if missing and replaces the
 * bridge's rules with the ones `spec` calls for, in one transaction per table
 * (old and new rules never both or neither apply).
 */
export function planEnsureBridge(
  saved: SavedTables,
  chains: ChainNames,
  comment: string,
  spec: Pick<BridgeSpec, 'bridge' | 'subnet' | 'internal'>,
): string {
  const base = baseLines(saved, chains);
  const rules = bridgeRules(chains, comment, spec);
  const filterChains = [chains.forward, chains.isolation];
  return render([
    {
      table: 'filter',
      lines: [
        ...base.filter,
        ...deletions(table(saved, 'filter'), filterChains, comment),
        ...rules.filter,
      ],
    },
    {
      table: 'nat',
      lines: [
        ...base.nat,
        ...deletions(table(saved, 'nat'), [chains.postrouting], comment),
        ...rules.nat,
      ],
    },
  ]);
}

/** The script that deletes every rule tagged for the bridge; '' when there is none. */
export function planRemoveBridge(saved: SavedTables, chains: ChainNames, comment: string): string {
  return render([
    {
      table: 'filter',
      lines: deletions(table(saved, 'filter'), [chains.forward, chains.isolation], comment),
    },
    { table: 'nat', lines: deletions(table(saved, 'nat'), [chains.postrouting], comment) },
  ]);
}

/** The script that removes every jump to our chains, then the chains; '' when none is left. */
export function planTeardown(saved: SavedTables, chains: ChainNames): string {
  const ours = [chains.forward, chains.isolation, chains.postrouting];
  const script = (name: 'filter' | 'nat'): TableScript => {
    const t = table(saved, name);
    const present = ours.filter((chain) => t.chains.has(chain));
    const jumps = t.rules
      .filter((line) => !ours.includes(chainOf(line)) && ours.includes(targetOf(line) ?? ''))
      .map((line) => `-D ${line.slice(3)}`);
    return {
      table: name,
      lines: [...jumps, ...present.map((c) => `-F ${c}`), ...present.map((c) => `-X ${c}`)],
    };
  };
  return render([script('filter'), script('nat')]);
}

/** Every line of the saved tables that belongs to us (chains, their rules, jumps into them). */
export function ownedLines(saved: SavedTables, chains: ChainNames): string[] {
  const ours = [chains.forward, chains.isolation, chains.postrouting];
  const lines: string[] = [];
  for (const [name, t] of saved) {
    for (const chain of t.chains) if (ours.includes(chain)) lines.push(`${name} :${chain}`);
    for (const line of t.rules) {
      if (ours.includes(chainOf(line)) || ours.includes(targetOf(line) ?? '')) {
        lines.push(`${name} ${line}`);
      }
    }
  }
  return lines;
}
