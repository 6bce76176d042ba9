import { ComposeError } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import type { RawMapping } from '../raw.js';
import { SourceMap, type PositionEntry } from '../source-map.js';
import { hasKey, setKey } from '../merge/raw-utils.js';
import type {
  AliasNode,
  MapNode,
  PairNode,
  ScalarNode,
  SyntaxDocument,
  SyntaxNode,
} from './ast.js';
import {
  OVERRIDE_TAG,
  RESET_TAG,
  decodeScalar,
  goStylePath,
  goValueText,
  isCollection,
  isMergeKey,
  toKeyPath,
  type PathLink,
} from './decode-values.js';
import { firstDuplicateKey } from './duplicate-keys.js';

/**
 * Alias expansion copies data; a "billion laughs" document would otherwise
 * exhaust memory. go-yaml stops small documents at about this many decodes
 * through aliases; real compose files stay far below it.
 */
export const MAX_ALIAS_EXPANDED_NODES = 400_000;

/** Marks a value tagged `!reset`: its key or item disappears from the document. */
const RESET = Symbol('reset');
type Decoded = unknown;

export interface DecodedDocument {
  value: unknown;
  sourceMap: SourceMap;
  resets: KeyPath[];
  overrides: KeyPath[];
}

/**
 * Turns one YAML document's syntax tree into plain data, recording on the way the
 * offset of every key and sequence item, and the paths tagged `!reset` /
 * `!override`. Merge keys and aliases are expanded here so that precedence, tag
 * paths and positions follow go-yaml/compose-go.
 */
export class DocumentDecoder {
  readonly sourceMap: SourceMap;
  readonly resets: KeyPath[] = [];
  readonly overrides: KeyPath[] = [];
  private aliasExpandedNodes = 0;
  /** Anchored nodes being expanded right now: re-entering one is a cycle. */
  private readonly expanding = new Set<SyntaxNode>();

  constructor(
    private readonly document: SyntaxDocument,
    sourceMap: SourceMap,
  ) {
    this.sourceMap = sourceMap;
  }

  /** The latest definition of the alias's anchor that precedes the alias. */
  private resolveAlias(alias: AliasNode): SyntaxNode | undefined {
    const definitions = this.document.anchors.get(alias.name) ?? [];
    let found: SyntaxNode | undefined;
    for (const node of definitions) if (node.offset < alias.offset) found = node;
    return found;
  }

  decode(): DecodedDocument {
    const root = this.document.root;
    const value = root ? this.decodeNode(root, null, this.sourceMap.root, false) : null;
    if (root) this.sourceMap.root.offset = root.offset;
    return {
      value: value === RESET ? null : value,
      sourceMap: this.sourceMap,
      resets: this.resets,
      overrides: this.overrides,
    };
  }

  private fail(message: string, offset: number, code: string): never {
    throw ComposeError.of({
      code,
      message,
      file: this.sourceMap.file,
      position: this.sourceMap.positionAt(offset),
    });
  }

  /**
   * `positions` is where the node's children record their offsets; it is
   * `undefined` when the node is reached through an alias (its own positions are
   * not recorded).
   */
  private decodeNode(
    node: SyntaxNode,
    path: PathLink | null,
    positions: PositionEntry | undefined,
    viaAlias: boolean,
  ): Decoded {
    if (viaAlias && ++this.aliasExpandedNodes > MAX_ALIAS_EXPANDED_NODES) {
      this.fail('document contains excessive aliasing', node.offset, 'yaml.alias-limit');
    }
    if (node.tag === RESET_TAG) {
      this.resets.push(toKeyPath(path));
      return RESET;
    }
    if (node.tag === OVERRIDE_TAG) this.overrides.push(toKeyPath(path));
    switch (node.kind) {
      case 'alias':
        return this.decodeAlias(node, path);
      case 'scalar':
        return decodeScalar(node);
      case 'map':
        return this.decodeMap(node, path, positions, viaAlias);
      case 'seq': {
        const items: unknown[] = [];
        const sourceItems = node.items;
        for (let index = 0; index < sourceItems.length; index++) {
          const item = sourceItems[index]!;
          if (item === null) {
            items.push(null);
            continue;
          }
          if (item.kind === 'scalar' && item.tag === undefined && !viaAlias) {
            this.sourceMap.recordLeaf(positions!, index, item.offset);
            items.push(decodeScalar(item));
            continue;
          }
          const itemPositions = viaAlias
            ? undefined
            : this.sourceMap.record(positions!, index, item.offset);
          const value = this.decodeNode(
            item,
            { parent: path, segment: index },
            itemPositions,
            viaAlias,
          );
          if (value !== RESET) items.push(value);
        }
        return items;
      }
    }
  }

  private decodeAlias(alias: AliasNode, path: PathLink | null): Decoded {
    const target = this.resolveAlias(alias);
    if (!target)
      this.fail(`unknown anchor '${alias.name}' referenced`, alias.offset, 'yaml.syntax');
    if (this.expanding.has(target))
      this.fail(`anchor '${alias.name}' value contains itself`, alias.offset, 'yaml.syntax');
    this.expanding.add(target);
    try {
      return this.decodeNode(target, path, undefined, true);
    } finally {
      this.expanding.delete(target);
    }
  }

  /** A mapping key as a string; compose-go rejects any other kind of key. */
  private keyText(key: SyntaxNode | null, path: PathLink | null): string {
    const node = key !== null && key.kind === 'alias' ? this.resolveAlias(key) : key;
    const value: unknown = node && node.kind === 'scalar' ? decodeScalar(node) : node;
    if (typeof value === 'string') return value;
    const keyPath = toKeyPath(path);
    const where = keyPath.length === 0 ? 'at top level' : `in ${goStylePath(keyPath)}`;
    const shown = isCollection(value) ? '<complex key>' : goValueText(value);
    return this.fail(`non-string key ${where}: ${shown}`, key?.offset ?? 0, 'yaml.non-string-key');
  }

  /** Duplicate detection compares the key text as written, like go-yaml (`1` and `"1"` clash). */
  private checkDuplicateKeys(pairs: readonly PairNode[]): void {
    const duplicate = firstDuplicateKey(pairs);
    if (duplicate) this.failDuplicate(duplicate.key, duplicate.first);
  }

  /** Reports the first repeated key against its first definition. */
  private failDuplicate(key: ScalarNode, first: ScalarNode): never {
    const line = this.sourceMap.positionAt(key.offset).line;
    const firstLine = this.sourceMap.positionAt(first.offset).line;
    return this.fail(
      `line ${line}: mapping key ${JSON.stringify(key.source)} already defined at line ${firstLine}`,
      key.offset,
      'yaml.duplicate-key',
    );
  }

  private decodeMap(
    node: MapNode,
    path: PathLink | null,
    positions: PositionEntry | undefined,
    viaAlias: boolean,
  ): RawMapping {
    const pairs = node.pairs;
    this.checkDuplicateKeys(pairs);
    const result: RawMapping = {};
    let hasMerge = false;
    for (const pair of pairs) if (isMergeKey(pair.key)) hasMerge = true;
    if (!hasMerge) {
      for (const pair of pairs) {
        const key = this.keyText(pair.key, path);
        const value = this.decodeValue(pair, key, path, positions, viaAlias);
        if (value !== RESET) setKey(result, key, value);
      }
      return result;
    }
    // Local entries are decoded first: a merged key is used only when no local
    // value survives (a local `!reset` lets the merged value through, as in compose-go).
    const locals = pairs.map((pair) =>
      isMergeKey(pair.key) ? undefined : this.decodeEntry(pair, path, positions, viaAlias),
    );
    const localKeys = new Set<string>();
    for (const local of locals) if (local && local.value !== RESET) localKeys.add(local.key);
    pairs.forEach((pair, index) => {
      const local = locals[index];
      if (!local) this.mergeInto(result, localKeys, pair, path, positions, viaAlias);
      else if (local.value !== RESET) setKey(result, local.key, local.value);
    });
    return result;
  }

  /** One `key: value` entry (not a merge key), its key position recorded. */
  private decodeEntry(
    pair: PairNode,
    path: PathLink | null,
    positions: PositionEntry | undefined,
    viaAlias: boolean,
  ): { key: string; value: Decoded } {
    const key = this.keyText(pair.key, path);
    return { key, value: this.decodeValue(pair, key, path, positions, viaAlias) };
  }

  /** The value of the entry `key` (its key's position recorded). */
  private decodeValue(
    pair: PairNode,
    key: string,
    path: PathLink | null,
    positions: PositionEntry | undefined,
    viaAlias: boolean,
  ): Decoded {
    const node = pair.value;
    // An empty or untagged scalar value needs neither its path, nor the alias
    // count, nor positions below it: no link and no position entry are built.
    if (!viaAlias && (node === null || (node.kind === 'scalar' && node.tag === undefined))) {
      this.sourceMap.recordLeaf(positions!, key, pair.key!.offset);
      return node === null ? null : decodeScalar(node);
    }
    const keyPositions = viaAlias
      ? undefined
      : this.sourceMap.record(positions!, key, pair.key!.offset);
    if (node === null) return null;
    return this.decodeNode(node, { parent: path, segment: key }, keyPositions, viaAlias);
  }

  /**
   * `<<: *a` or `<<: [*a, *b]`: keys written locally win, and among the merged
   * mappings the earlier one wins. Tags inside merged content are recorded under
   * the mapping's own path (the `<<` segment is dropped, as compose-go does).
   */
  private mergeInto(
    result: RawMapping,
    localKeys: Set<string>,
    pair: PairNode,
    path: PathLink | null,
    positions: PositionEntry | undefined,
    viaAlias: boolean,
  ): void {
    const valueNode = pair.value;
    const sources = valueNode !== null && valueNode.kind === 'seq' ? valueNode.items : [valueNode];
    for (const source of sources) {
      const target =
        source !== null && source.kind === 'alias' ? this.resolveAlias(source) : source;
      if (!target || target.kind !== 'map') {
        this.fail(
          'map merge requires map or sequence of maps as the value',
          (source ?? pair.key)?.offset ?? 0,
          'yaml.merge',
        );
      }
      // Merged content is data reached through the `<<` entry: its positions are
      // the position of the merge source, set below.
      const merged = this.decodeNode(source!, path, undefined, true);
      if (merged === RESET || typeof merged !== 'object' || merged === null) continue;
      for (const [key, value] of Object.entries(merged as RawMapping)) {
        if (localKeys.has(key) || hasKey(result, key)) continue;
        setKey(result, key, value);
        if (!viaAlias) this.sourceMap.record(positions!, key, source!.offset);
      }
    }
  }
}
