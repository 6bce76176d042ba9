import type { KeyPath } from './key-path.js';

/**
 * A table of path patterns (`['services', '*', 'ports']`) answering "which rule
 * applies at this path" with one map lookup per segment, where scanning every
 * pattern for every value was a large part of loading big files. Pattern
 * segments: `*` matches any key or index, `[]` any sequence index, anything
 * else itself. When several patterns match, the earliest one in the table wins
 * (as with a first-match scan of the list).
 */
export class PathTrie<T> {
  private readonly root = new TrieNode<T>();

  constructor(entries: readonly (readonly [readonly string[], T])[]) {
    entries.forEach(([pattern, rule], order) => {
      let node = this.root;
      for (const part of pattern) node = node.child(part);
      // A pattern listed twice keeps its first rule, like a first-match scan.
      if (node.rule === undefined) node.set(rule, order);
    });
  }

  /** The node of the empty path, to walk down a model segment by segment. */
  get start(): TrieNode<T> {
    return this.root;
  }

  /** The rule of the earliest pattern matching `path` exactly, if any. */
  find(path: KeyPath): T | undefined {
    return this.root.find(path, 0)?.rule;
  }
}

export class TrieNode<T> {
  rule: T | undefined = undefined;
  /** Position of the rule's pattern in the table (earlier wins). */
  order = Infinity;
  private exact: Map<string, TrieNode<T>> | undefined;
  private anyKey: TrieNode<T> | undefined;
  private anyIndex: TrieNode<T> | undefined;

  set(rule: T, order: number): void {
    this.rule = rule;
    this.order = order;
  }

  child(part: string): TrieNode<T> {
    if (part === '*') return (this.anyKey ??= new TrieNode());
    if (part === '[]') return (this.anyIndex ??= new TrieNode());
    const exact = (this.exact ??= new Map());
    let node = exact.get(part);
    if (node === undefined) exact.set(part, (node = new TrieNode()));
    return node;
  }

  /**
   * The nodes reached from this one by `segment`: at most three (the exact key,
   * `*`, and `[]` for an index). `out` is filled and returned, so a walk can
   * reuse arrays; an empty result means no pattern continues below.
   */
  step(segment: string | number, out: TrieNode<T>[]): TrieNode<T>[] {
    if (typeof segment === 'string') {
      const exact = this.exact?.get(segment);
      if (exact !== undefined) out.push(exact);
    } else if (this.anyIndex !== undefined) out.push(this.anyIndex);
    if (this.anyKey !== undefined) out.push(this.anyKey);
    return out;
  }

  /** Whether any pattern goes deeper than this node. */
  get hasChildren(): boolean {
    return this.exact !== undefined || this.anyKey !== undefined || this.anyIndex !== undefined;
  }

  /** The matching node with the earliest rule for `path` from segment `at` on. */
  find(path: KeyPath, at: number): TrieNode<T> | undefined {
    if (at === path.length) return this.rule === undefined ? undefined : this;
    const segment = path[at]!;
    const specific = typeof segment === 'string' ? this.exact?.get(segment) : this.anyIndex;
    const viaSpecific = specific?.find(path, at + 1);
    const viaAny = this.anyKey?.find(path, at + 1);
    if (viaSpecific === undefined) return viaAny;
    if (viaAny === undefined) return viaSpecific;
    return viaSpecific.order < viaAny.order ? viaSpecific : viaAny;
  }
}

/** The earliest rule among `nodes` whose pattern ends there (a full match). */
export function earliestRule<T>(nodes: readonly TrieNode<T>[]): T | undefined {
  let best: TrieNode<T> | undefined;
  for (const node of nodes)
    if (node.rule !== undefined && (best === undefined || node.order < best.order)) best = node;
  return best?.rule;
}
