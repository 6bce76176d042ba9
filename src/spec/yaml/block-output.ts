import type { AliasNode, ScalarNode, SyntaxNode } from './ast.js';

/**
 * Where the fast block reader (`fast-parse.ts`) puts what it reads. The reader
 * knows YAML's block structure; an output knows what to make of it: a syntax
 * tree (`TreeOutput`, anchors and tags included, decoded afterwards by
 * `DocumentDecoder`) or the decoded data at once (`DirectOutput`, which
 * declines anchors, aliases, tags and merge keys).
 *
 * `V` is what a value becomes; `C` a collection being built. Every value is made
 * with its `parent` (the collection it goes into, `null` for the root), after the
 * parent's `mapKey` for a mapping entry, and before its `mapValue`/`seqItem`.
 */
export interface BlockOutput<V, C> {
  openMap(offset: number, parent: C | null): C;
  /** The next entry's key at `offset`: `source` as written (unquoted when `quoted`). */
  mapKey(map: C, offset: number, source: string, quoted: boolean): void;
  mapValue(map: C, value: V): void;
  closeMap(map: C): V;
  openSeq(offset: number, parent: C | null): C;
  seqItem(seq: C, value: V): void;
  closeSeq(seq: C): V;

  /** A one-line plain scalar. */
  plain(offset: number, source: string, parent: C): V;
  /** A one-line quoted scalar, unquoted. */
  quoted(offset: number, text: string, parent: C): V;
  /** A block scalar (`|`, `>`). */
  scalar(node: ScalarNode, parent: C): V;
  /** A flow collection, read as a syntax tree. */
  flow(node: SyntaxNode, parent: C): V;
  alias(node: AliasNode, parent: C): V;
  /** Nothing after the key or dash (`tag` when one was written). */
  empty(offset: number, tag: string | undefined, parent: C): V;

  /** An anchor or a tag is about to be used (the calls below follow). */
  properties(): void;
  /** Takes the next definition slot of `anchor` before its collection is read. */
  reserve(anchor: string): number;
  /** Fills a slot taken by `reserve`. */
  fill(anchor: string, slot: number, value: V): void;
  /** Defines `anchor` as `value` (a value read on its entry's line). */
  define(anchor: string, value: V): void;
  tagged(value: V, tag: string): V;
}
