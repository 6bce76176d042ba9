import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type LineCounter,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { ComposeError, type SourcePosition } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import type { RawMapping } from '../raw.js';
import { SourceMap } from '../source-map.js';
import { hasKey, setKey } from '../merge/raw-utils.js';
import { resolvePlainScalar } from './scalars.js';

/**
 * Alias expansion copies data; a "billion laughs" document would otherwise
 * exhaust memory. go-yaml stops small documents at about this many decodes
 * through aliases; real compose files stay far below it.
 */
export const MAX_ALIAS_EXPANDED_NODES = 400_000;

const RESET_TAG = '!reset';
const OVERRIDE_TAG = '!override';

/** Marks a value tagged `!reset`: its key or item disappears from the document. */
const RESET = Symbol('reset');
type Decoded = unknown;

export interface DecodedDocument {
  value: unknown;
  sourceMap: SourceMap;
  resets: KeyPath[];
  overrides: KeyPath[];
}

/** Renders a parent path the way compose-go's key conversion does: `services.x.ports[0]`. */
function goStylePath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Go's `%v` of a decoded key, for the non-string key message. */
function goValueText(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === 'PLAIN' && key.source === '<<' && key.tag === undefined;
}

/**
 * Turns one composed YAML document into plain data, recording on the way the
 * position of every key and sequence item, and the paths tagged `!reset` /
 * `!override`. Merge keys and aliases are expanded here (not by the `yaml`
 * package) so that precedence, tag paths and positions follow go-yaml/compose-go.
 */
export class DocumentDecoder {
  readonly sourceMap: SourceMap;
  readonly resets: KeyPath[] = [];
  readonly overrides: KeyPath[] = [];
  private aliasExpandedNodes = 0;
  /** Anchored nodes being expanded right now: re-entering one is a cycle. */
  private readonly expanding = new Set<YamlNode>();
  /** Anchor definitions by name, in document order (a name may be redefined). */
  private readonly anchors = new Map<string, YamlNode[]>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly file: string,
  ) {
    this.sourceMap = new SourceMap(file);
    // `Alias.resolve` searches the whole document on every call; one pass here
    // keeps alias-heavy files linear.
    visit(document, (_key, node) => {
      if (node && typeof node === 'object' && 'anchor' in node && typeof node.anchor === 'string') {
        const definitions = this.anchors.get(node.anchor) ?? [];
        definitions.push(node as YamlNode);
        this.anchors.set(node.anchor, definitions);
      }
    });
  }

  /** The latest definition of the alias's anchor that precedes the alias. */
  private resolveAlias(alias: Alias): YamlNode | undefined {
    const definitions = this.anchors.get(alias.source) ?? [];
    const offset = alias.range?.[0] ?? Infinity;
    let found: YamlNode | undefined;
    for (const node of definitions) if ((node.range?.[0] ?? 0) < offset) found = node;
    return found;
  }

  decode(): DecodedDocument {
    const root = this.document.contents;
    const value = root ? this.decodeNode(root, [], false) : null;
    if (root) this.sourceMap.set([], this.positionOf(root));
    return {
      value: value === RESET ? null : value,
      sourceMap: this.sourceMap,
      resets: this.resets,
      overrides: this.overrides,
    };
  }

  positionOf(node: { range?: [number, number, number] | null }): SourcePosition {
    const offset = node.range?.[0] ?? 0;
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private fail(
    message: string,
    node: { range?: [number, number, number] | null },
    code: string,
  ): never {
    throw ComposeError.of({ code, message, file: this.file, position: this.positionOf(node) });
  }

  /** `viaAlias`: the node is reached through an alias, so its own positions are not recorded. */
  private decodeNode(node: YamlNode, path: KeyPath, viaAlias: boolean): Decoded {
    if (viaAlias && ++this.aliasExpandedNodes > MAX_ALIAS_EXPANDED_NODES) {
      this.fail('document contains excessive aliasing', node, 'yaml.alias-limit');
    }
    if (node.tag === RESET_TAG) {
      this.resets.push(path);
      return RESET;
    }
    if (node.tag === OVERRIDE_TAG) this.overrides.push(path);
    if (isAlias(node)) return this.decodeAlias(node, path);
    if (isScalar(node)) return this.decodeScalar(node);
    if (isMap(node)) return this.decodeMap(node as YAMLMap<unknown, unknown>, path, viaAlias);
    if (isSeq(node)) {
      const items: unknown[] = [];
      node.items.forEach((item, index) => {
        const itemPath = [...path, index];
        if (!viaAlias && item && typeof item === 'object')
          this.sourceMap.set(itemPath, this.positionOf(item as YamlNode));
        const value =
          item === null || item === undefined
            ? null
            : this.decodeNode(item as YamlNode, itemPath, viaAlias);
        if (value !== RESET) items.push(value);
      });
      return items;
    }
    return null;
  }

  private decodeScalar(node: Scalar): Decoded {
    const explicitTag = node.tag !== undefined && node.tag !== OVERRIDE_TAG;
    if (node.type === 'PLAIN' && !explicitTag)
      return resolvePlainScalar(node.source ?? String(node.value ?? ''));
    return node.value ?? null;
  }

  private decodeAlias(alias: Alias, path: KeyPath): Decoded {
    const target = this.resolveAlias(alias);
    if (!target) this.fail(`unknown anchor '${alias.source}' referenced`, alias, 'yaml.syntax');
    if (this.expanding.has(target))
      this.fail(`anchor '${alias.source}' value contains itself`, alias, 'yaml.syntax');
    this.expanding.add(target);
    try {
      return this.decodeNode(target, path, true);
    } finally {
      this.expanding.delete(target);
    }
  }

  /** A mapping key as a string; compose-go rejects any other kind of key. */
  private keyText(key: unknown, path: KeyPath): string {
    let value: unknown = key;
    if (isAlias(key)) value = this.resolveAlias(key);
    if (isScalar(value)) value = this.decodeScalar(value);
    if (typeof value === 'string') return value;
    const where = path.length === 0 ? 'at top level' : `in ${goStylePath(path)}`;
    const shown = isMap(value) || isSeq(value) ? '<complex key>' : goValueText(value);
    return this.fail(
      `non-string key ${where}: ${shown}`,
      (key as YamlNode) ?? {},
      'yaml.non-string-key',
    );
  }

  /** Duplicate detection compares the key text as written, like go-yaml (`1` and `"1"` clash). */
  private checkDuplicateKeys(pairs: Pair<unknown, unknown>[]): void {
    const seen = new Map<string, number>();
    for (const pair of pairs) {
      const key = pair.key;
      if (!isScalar(key)) continue;
      const text = key.source ?? String(key.value);
      const line = this.positionOf(key).line;
      const firstLine = seen.get(text);
      if (firstLine !== undefined) {
        this.fail(
          `line ${line}: mapping key ${JSON.stringify(text)} already defined at line ${firstLine}`,
          key,
          'yaml.duplicate-key',
        );
      }
      seen.set(text, line);
    }
  }

  private decodeMap(node: YAMLMap<unknown, unknown>, path: KeyPath, viaAlias: boolean): RawMapping {
    this.checkDuplicateKeys(node.items);
    // Local entries are decoded first: a merged key is used only when no local
    // value survives (a local `!reset` lets the merged value through, as in compose-go).
    const locals = new Map<Pair<unknown, unknown>, { key: string; value: Decoded }>();
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) continue;
      const key = this.keyText(pair.key, path);
      const keyPath = [...path, key];
      if (!viaAlias) this.sourceMap.set(keyPath, this.positionOf(pair.key as YamlNode));
      const value =
        pair.value === null || pair.value === undefined
          ? null
          : this.decodeNode(pair.value as YamlNode, keyPath, viaAlias);
      locals.set(pair, { key, value });
    }
    const localKeys = new Set<string>();
    for (const { key, value } of locals.values()) if (value !== RESET) localKeys.add(key);

    const result: RawMapping = {};
    for (const pair of node.items) {
      const local = locals.get(pair);
      if (!local) this.mergeInto(result, localKeys, pair, path, viaAlias);
      else if (local.value !== RESET) setKey(result, local.key, local.value);
    }
    return result;
  }

  /**
   * `<<: *a` or `<<: [*a, *b]`: keys written locally win, and among the merged
   * mappings the earlier one wins. Tags inside merged content are recorded under
   * the mapping's own path (the `<<` segment is dropped, as compose-go does).
   */
  private mergeInto(
    result: RawMapping,
    localKeys: Set<string>,
    pair: Pair<unknown, unknown>,
    path: KeyPath,
    viaAlias: boolean,
  ): void {
    const valueNode = pair.value as YamlNode | null;
    const sources = valueNode && isSeq(valueNode) ? (valueNode.items as YamlNode[]) : [valueNode];
    for (const source of sources) {
      const target = source && isAlias(source) ? this.resolveAlias(source) : source;
      if (!target || !isMap(target)) {
        this.fail(
          'map merge requires map or sequence of maps as the value',
          source ?? (pair.key as YamlNode),
          'yaml.merge',
        );
      }
      // Merged content is data reached through the `<<` entry: its positions are
      // the position of the merge source, set below.
      const merged = this.decodeNode(source as YamlNode, path, true);
      if (merged === RESET || typeof merged !== 'object' || merged === null) continue;
      const position = this.positionOf(source as YamlNode);
      for (const [key, value] of Object.entries(merged as RawMapping)) {
        if (localKeys.has(key) || hasKey(result, key)) continue;
        setKey(result, key, value);
        if (!viaAlias) this.sourceMap.set([...path, key], position);
      }
    }
  }
}
