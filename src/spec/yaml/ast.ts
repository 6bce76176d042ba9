/**
 * The small syntax tree the decoder works on. Two parsers produce it: the fast
 * parser for the plain block YAML that compose files are made of (`fast-parse.ts`
 * with `tree-output.ts`; documents without anchors, aliases, tags or merge keys
 * skip the tree, see `direct-output.ts`), and the `yaml` package for everything
 * else (`from-yaml-package.ts`). Offsets are
 * UTF-16 indices into the source text; they become line and column only when a
 * position is asked for.
 */

interface NodeBase {
  /** Start of the node's content (after any `&anchor` / `!tag`), as the `yaml` package counts it. */
  readonly offset: number;
  /** Tag as written, e.g. `!reset`, `tag:yaml.org,2002:str`; `undefined` when untagged. */
  readonly tag: string | undefined;
}

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  /** Plain (unquoted, not a block scalar): resolved by go-yaml's rules unless tagged. */
  readonly plain: boolean;
  /** The scalar's text after unquoting/folding (`source` in the `yaml` package). */
  readonly source: string;
  /** The value the parser gave it (used for quoted, block and explicitly tagged scalars). */
  readonly value: unknown;
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly pairs: readonly PairNode[];
}

export interface PairNode {
  readonly key: SyntaxNode | null;
  readonly value: SyntaxNode | null;
}

export interface SeqNode extends NodeBase {
  readonly kind: 'seq';
  readonly items: readonly (SyntaxNode | null)[];
}

export interface AliasNode {
  readonly kind: 'alias';
  readonly offset: number;
  readonly tag: undefined;
  /** The anchor name referenced. */
  readonly name: string;
}

export type SyntaxNode = ScalarNode | MapNode | SeqNode | AliasNode;

/** One document: its root node and its anchor definitions in document order. */
export interface SyntaxDocument {
  readonly root: SyntaxNode | null;
  /** Anchor name → nodes defining it, in document order (a name may be redefined). */
  readonly anchors: ReadonlyMap<string, readonly SyntaxNode[]>;
}
