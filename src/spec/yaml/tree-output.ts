import type {
  AliasNode,
  MapNode,
  PairNode,
  ScalarNode,
  SeqNode,
  SyntaxDocument,
  SyntaxNode,
} from './ast.js';
import type { BlockOutput } from './block-output.js';
import { readBlockDocument } from './fast-parse.js';
import { plainScalar, textScalar } from './fast-scan.js';

/** A mapping of the syntax tree while its entries are read. */
interface TreeMap {
  readonly offset: number;
  readonly pairs: PairNode[];
  /** The key of the entry being read. */
  key: ScalarNode | null;
}

/** A sequence of the syntax tree while its items are read. */
interface TreeSeq {
  readonly offset: number;
  readonly items: SyntaxNode[];
}

export type TreeCollection = TreeMap | TreeSeq;

/** Placeholder for an anchored node still being read (replaced before the tree is used). */
const PENDING: SyntaxNode = plainScalar(-1, '');

/** Builds the syntax tree of `ast.ts`, anchors and tags included. */
export class TreeOutput implements BlockOutput<SyntaxNode, TreeCollection> {
  /** Anchor name → nodes defining it, in document order. */
  readonly anchors = new Map<string, SyntaxNode[]>();

  openMap(offset: number): TreeMap {
    return { offset, pairs: [], key: null };
  }

  mapKey(map: TreeMap, offset: number, source: string, quoted: boolean): void {
    map.key = quoted ? textScalar(offset, source, undefined) : plainScalar(offset, source);
  }

  mapValue(map: TreeMap, value: SyntaxNode): void {
    map.pairs.push({ key: map.key, value });
  }

  closeMap(map: TreeMap): MapNode {
    return { kind: 'map', offset: map.offset, tag: undefined, pairs: map.pairs };
  }

  openSeq(offset: number): TreeSeq {
    return { offset, items: [] };
  }

  seqItem(seq: TreeSeq, value: SyntaxNode): void {
    seq.items.push(value);
  }

  closeSeq(seq: TreeSeq): SeqNode {
    return { kind: 'seq', offset: seq.offset, tag: undefined, items: seq.items };
  }

  plain(offset: number, source: string): ScalarNode {
    return plainScalar(offset, source);
  }

  quoted(offset: number, text: string): ScalarNode {
    return textScalar(offset, text, undefined);
  }

  scalar(node: ScalarNode): ScalarNode {
    return node;
  }

  flow(node: SyntaxNode): SyntaxNode {
    return node;
  }

  alias(node: AliasNode): AliasNode {
    return node;
  }

  empty(offset: number, tag: string | undefined): ScalarNode {
    return {
      kind: 'scalar',
      offset,
      tag,
      plain: true,
      source: '',
      value: tag === undefined ? null : '',
    };
  }

  properties(): void {}

  reserve(anchor: string): number {
    let definitions = this.anchors.get(anchor);
    if (!definitions) this.anchors.set(anchor, (definitions = []));
    definitions.push(PENDING);
    return definitions.length - 1;
  }

  fill(anchor: string, slot: number, value: SyntaxNode): void {
    this.anchors.get(anchor)![slot] = value;
  }

  define(anchor: string, value: SyntaxNode): void {
    const definitions = this.anchors.get(anchor);
    if (definitions) definitions.push(value);
    else this.anchors.set(anchor, [value]);
  }

  tagged(value: SyntaxNode, tag: string): SyntaxNode {
    return { ...value, tag } as SyntaxNode;
  }
}

/**
 * The syntax tree of a document the fast reader reads (see `readBlockDocument`),
 * anchors included, for `DocumentDecoder`; `undefined` for the general path.
 */
export function fastParse(text: string): SyntaxDocument | undefined {
  const output = new TreeOutput();
  const root = readBlockDocument<SyntaxNode, TreeCollection>(text, output);
  return root === undefined ? undefined : { root, anchors: output.anchors };
}
