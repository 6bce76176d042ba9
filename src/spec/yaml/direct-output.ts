import { hasKey, setKey } from '../merge/raw-utils.js';
import type { RawMapping } from '../raw.js';
import type { PositionEntry, SourceMap } from '../source-map.js';
import type { ScalarNode, SyntaxNode } from './ast.js';
import type { BlockOutput } from './block-output.js';
import { decodeScalar } from './decode-values.js';
import { decline } from './fast-scan.js';
import { resolvePlainScalar } from './scalars.js';

/** A mapping being decoded: its data, its positions, and the key of the entry being read. */
interface DirectMap {
  readonly kind: 'map';
  readonly value: RawMapping;
  readonly positions: PositionEntry;
  key: string;
  keyOffset: number;
}

interface DirectSeq {
  readonly kind: 'seq';
  readonly value: unknown[];
  readonly positions: PositionEntry;
}

export type DirectCollection = DirectMap | DirectSeq;

/**
 * Decodes while the block reader reads: plain data and the offsets of keys and
 * items, the same as `DocumentDecoder` makes of the syntax tree, without
 * building the tree. It covers what nearly every compose file is: no anchors,
 * aliases, tags or merge keys, no duplicate or non-string keys. Any of those
 * declines the document, which then goes through the syntax tree and the
 * decoder (and their error messages). On a 1000-service file, the tree and the
 * second walk over it were about a third of the YAML stage's time.
 */
export class DirectOutput implements BlockOutput<unknown, DirectCollection> {
  constructor(private readonly sourceMap: SourceMap) {}

  /** The position entry of a collection starting at `offset` inside `parent`. */
  private positionsIn(parent: DirectCollection | null, offset: number): PositionEntry {
    const sourceMap = this.sourceMap;
    if (parent === null) {
      sourceMap.root.offset = offset;
      return sourceMap.root;
    }
    return parent.kind === 'map'
      ? sourceMap.record(parent.positions, parent.key, parent.keyOffset)
      : sourceMap.record(parent.positions, parent.value.length, offset);
  }

  /** Records a value with nothing below it (a mapping value at its key's offset). */
  private leaf(parent: DirectCollection, offset: number): void {
    if (parent.kind === 'map')
      this.sourceMap.recordLeaf(parent.positions, parent.key, parent.keyOffset);
    else this.sourceMap.recordLeaf(parent.positions, parent.value.length, offset);
  }

  openMap(offset: number, parent: DirectCollection | null): DirectMap {
    return {
      kind: 'map',
      value: {},
      positions: this.positionsIn(parent, offset),
      key: '',
      keyOffset: 0,
    };
  }

  mapKey(map: DirectMap, offset: number, source: string, quoted: boolean): void {
    map.key = keyText(map.value, source, quoted);
    map.keyOffset = offset;
  }

  mapValue(map: DirectMap, value: unknown): void {
    setKey(map.value, map.key, value);
  }

  closeMap(map: DirectMap): RawMapping {
    return map.value;
  }

  openSeq(offset: number, parent: DirectCollection | null): DirectSeq {
    return { kind: 'seq', value: [], positions: this.positionsIn(parent, offset) };
  }

  seqItem(seq: DirectSeq, value: unknown): void {
    seq.value.push(value);
  }

  closeSeq(seq: DirectSeq): unknown[] {
    return seq.value;
  }

  plain(offset: number, source: string, parent: DirectCollection): unknown {
    this.leaf(parent, offset);
    return resolvePlainScalar(source);
  }

  quoted(offset: number, text: string, parent: DirectCollection): string {
    this.leaf(parent, offset);
    return text;
  }

  scalar(node: ScalarNode, parent: DirectCollection): unknown {
    this.leaf(parent, node.offset);
    return decodeScalar(node);
  }

  flow(node: SyntaxNode, parent: DirectCollection): unknown {
    return this.flowValue(node, this.positionsIn(parent, node.offset));
  }

  alias(): never {
    return decline();
  }

  empty(offset: number, _tag: string | undefined, parent: DirectCollection): null {
    this.leaf(parent, offset);
    return null;
  }

  properties(): never {
    return decline();
  }

  reserve(): never {
    return decline();
  }

  fill(): never {
    return decline();
  }

  define(): never {
    return decline();
  }

  tagged(): never {
    return decline();
  }

  /** A flow collection's tree (small: `["CMD", "true"]`), decoded into `positions`. */
  private flowValue(node: SyntaxNode, positions: PositionEntry): unknown {
    const sourceMap = this.sourceMap;
    if (node.kind === 'seq') {
      const items: unknown[] = [];
      node.items.forEach((item, index) => {
        if (item === null || item.kind === 'alias') return decline();
        if (item.kind === 'scalar') {
          sourceMap.recordLeaf(positions, index, item.offset);
          items.push(decodeScalar(item));
        } else {
          items.push(this.flowValue(item, sourceMap.record(positions, index, item.offset)));
        }
      });
      return items;
    }
    if (node.kind !== 'map') return decline();
    const result: RawMapping = {};
    for (const { key, value } of node.pairs) {
      if (key === null || key.kind !== 'scalar') return decline();
      const text = keyText(result, key.source, !key.plain);
      if (value === null || value.kind === 'alias') return decline();
      if (value.kind === 'scalar') {
        sourceMap.recordLeaf(positions, text, key.offset);
        setKey(result, text, decodeScalar(value));
      } else {
        setKey(result, text, this.flowValue(value, sourceMap.record(positions, text, key.offset)));
      }
    }
    return result;
  }
}

/**
 * A key as decoded, or a decline: a merge key, a key that is not text (`1:`,
 * `true:`), or a key already in `mapping`. Accepted keys are text as written,
 * so comparing decoded keys is comparing them as written, as go-yaml does.
 */
function keyText(mapping: RawMapping, source: string, quoted: boolean): string {
  let key: unknown = source;
  if (!quoted) {
    if (source === '<<') return decline();
    key = resolvePlainScalar(source);
    if (typeof key !== 'string') return decline();
  }
  if (hasKey(mapping, key as string)) return decline();
  return key as string;
}
