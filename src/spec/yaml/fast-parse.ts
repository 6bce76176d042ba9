import type { MapNode, PairNode, ScalarNode, SeqNode, SyntaxDocument, SyntaxNode } from './ast.js';
import { readBlockScalar } from './fast-block-scalar.js';
import { FlowReader } from './fast-flow.js';
import {
  COLON,
  Declined,
  HASH,
  SPACE,
  canStartPlain,
  decline,
  plainScalar,
  readAlias,
  readPlain,
  readProperties,
  readQuoted,
  restIsEmpty,
  skipSpaces,
  textScalar,
} from './fast-scan.js';
import { LineTable } from './lines.js';

const DASH = 0x2d;
/** Tabs, control characters, BOM, Unicode line separators, a `\r` not before `\n`. */
const UNUSUAL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;
/** The `yaml` package rejects implicit keys longer than this. */
const MAX_IMPLICIT_KEY = 1024;

/**
 * A fast reader for the YAML that compose files are written in: one document of
 * block mappings and sequences, one-line plain and quoted scalars, literal and
 * folded block scalars, flow collections, anchors, aliases, merge keys and the
 * `!reset` / `!override` tags. It builds the same syntax tree (same offsets) as
 * the `yaml` package would; anything else — or anything that might be an error —
 * returns `undefined`, and the caller uses the `yaml` package instead. It is
 * about 20 times faster on large files, which is the point of having it.
 */
export function fastParse(text: string): SyntaxDocument | undefined {
  // Tabs, control characters and unusual line breaks need the full rules.
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  try {
    return new BlockReader(text).document();
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

/** Placeholder for an anchored node still being read (replaced before the tree is used). */
const PENDING: SyntaxNode = plainScalar(-1, '');

class BlockReader {
  private readonly lines: LineTable;
  private readonly anchors = new Map<string, SyntaxNode[]>();

  constructor(private readonly text: string) {
    this.lines = new LineTable(text);
  }

  document(): SyntaxDocument {
    const lines = this.lines;
    let line = lines.nextContent(0);
    if (line === -1) decline();
    if (lines.startsWith(line, '%')) decline();
    if (lines.isDocumentMarker(line)) {
      if (
        !lines.startsWith(line, '---') ||
        !restIsEmpty(this.text, lines.start(line) + 3, lines.end(line))
      )
        decline();
      line = lines.nextContent(line + 1);
      if (line === -1) decline();
    }
    if (lines.indent(line) !== 0 || this.isDashLine(line, 0)) decline();
    const root = this.blockMap(line, 0, lines.start(line));
    if (lines.nextContent(lines.cursor) !== -1) decline();
    return { root, anchors: this.anchors };
  }

  private isDashLine(line: number, column: number): boolean {
    const at = this.lines.start(line) + column;
    return (
      this.text.charCodeAt(at) === DASH &&
      (at + 1 === this.lines.end(line) || this.text.charCodeAt(at + 1) === SPACE)
    );
  }

  private define(anchor: string | undefined, node: SyntaxNode): SyntaxNode {
    if (anchor !== undefined) {
      const definitions = this.anchors.get(anchor);
      if (definitions) definitions.push(node);
      else this.anchors.set(anchor, [node]);
    }
    return node;
  }

  /** A place in the anchor's definitions, filled once the anchored node is read. */
  private reserve(anchor: string): { definitions: SyntaxNode[]; index: number } {
    let definitions = this.anchors.get(anchor);
    if (!definitions) this.anchors.set(anchor, (definitions = []));
    definitions.push(PENDING);
    return { definitions, index: definitions.length - 1 };
  }

  /** A block mapping whose keys sit at `indent`; the first key starts at `first` on `line`. */
  private blockMap(line: number, indent: number, first: number): MapNode {
    const lines = this.lines;
    const pairs: PairNode[] = [];
    let keyStart = first;
    for (;;) {
      pairs.push(this.entry(line, indent, keyStart));
      const next = lines.nextContent(lines.cursor);
      if (next === -1) break;
      const nextIndent = lines.indent(next);
      if (nextIndent < indent) break;
      // Deeper lines after a complete entry: a multi-line scalar or an error.
      if (nextIndent > indent || lines.isDocumentMarker(next)) decline();
      line = next;
      keyStart = lines.start(next) + indent;
    }
    return { kind: 'map', offset: first, tag: undefined, pairs };
  }

  /** `key: value` at `keyStart`; leaves the cursor on the line after the entry. */
  private entry(line: number, indent: number, keyStart: number): PairNode {
    const end = this.lines.end(line);
    const key = this.key(keyStart, end);
    if (key === undefined) decline();
    const afterColon = key.next + 1;
    if (afterColon - keyStart > MAX_IMPLICIT_KEY) decline();
    const value = this.value(line, indent, afterColon, end, false);
    return { key: key.node, value };
  }

  /** A plain or quoted implicit key followed by `:`; `undefined` when the text is not a key. */
  private key(pos: number, end: number): { node: ScalarNode; next: number } | undefined {
    const text = this.text;
    const code = text.charCodeAt(pos);
    if (code === 0x22 || code === 0x27) {
      const { value, next } = readQuoted(text, pos, end);
      if (text.charCodeAt(next) !== COLON) return undefined;
      return { node: textScalar(pos, value, undefined), next };
    }
    if (!canStartPlain(text, pos, end, false)) return undefined;
    const { value, next, atColon } = readPlain(text, pos, end, false);
    if (!atColon || value === '') return undefined;
    return { node: plainScalar(pos, value), next };
  }

  /**
   * The value of a mapping entry or sequence item starting at `pos` on `line`;
   * `indent` is the indentation of the mapping or sequence that holds it.
   */
  private value(
    line: number,
    indent: number,
    pos: number,
    end: number,
    inSequence: boolean,
  ): SyntaxNode | null {
    const text = this.text;
    const lines = this.lines;
    if (pos < end && text.charCodeAt(pos) !== SPACE) decline();
    const props = readProperties(this.text, skipSpaces(text, pos, end), end);
    const at = props.next;
    if (at === end || (text.charCodeAt(at) === HASH && text.charCodeAt(at - 1) === SPACE)) {
      // Nothing more on this line: a nested block, or an empty value.
      lines.cursor = line + 1;
      const next = lines.nextContent(line + 1);
      if (next !== -1 && !lines.isDocumentMarker(next)) {
        const nextIndent = lines.indent(next);
        const nestedSequence = this.isDashLine(next, nextIndent);
        if (nextIndent > indent || (nextIndent === indent && nestedSequence && !inSequence)) {
          const { anchor, tag } = props;
          // Anchors count in document order, a collection before its content (as
          // the `yaml` package visits them): its definition slot is taken first.
          const slot = anchor === undefined ? undefined : this.reserve(anchor);
          const start = lines.start(next) + nextIndent;
          const nested = nestedSequence
            ? this.blockSeq(next, nextIndent)
            : this.blockMap(next, nextIndent, start);
          const node: SyntaxNode = tag === undefined ? nested : { ...nested, tag };
          if (slot) slot.definitions[slot.index] = node;
          return node;
        }
      }
      // An empty value: its position is never recorded, but anchors on it and
      // empty sequence items would need the `yaml` package's exact offsets.
      if (props.anchor !== undefined || inSequence) decline();
      return {
        kind: 'scalar',
        offset: at,
        tag: props.tag,
        plain: true,
        source: '',
        value: props.tag === undefined ? null : '',
      };
    }
    // An alias may not have properties (`&a *b` is an error in YAML).
    if (props.anchor !== undefined && text.charCodeAt(at) === 0x2a) decline();
    const node = this.inlineValue(line, indent, at, end, props.tag);
    return this.define(props.anchor, node);
  }

  /** A value that starts on the entry's own line. */
  private inlineValue(
    line: number,
    indent: number,
    at: number,
    end: number,
    tag: string | undefined,
  ): SyntaxNode {
    const text = this.text;
    const lines = this.lines;
    const code = text.charCodeAt(at);
    let node: SyntaxNode;
    let next: number;
    if (code === 0x7c || code === 0x3e) {
      const block = readBlockScalar(lines, line, at, indent);
      lines.cursor = block.nextLine;
      return tag === undefined ? block.node : { ...block.node, tag };
    }
    if (code === 0x22 || code === 0x27) {
      const quoted = readQuoted(text, at, end);
      node = textScalar(at, quoted.value, tag);
      next = quoted.next;
    } else if (code === 0x5b || code === 0x7b) {
      const flow = new FlowReader(text, indent).read(at);
      node = tag === undefined ? flow.node : ({ ...flow.node, tag } as SyntaxNode);
      next = flow.next;
      line = lines.lineOf(next, line);
      end = lines.end(line);
    } else if (code === 0x2a) {
      if (tag !== undefined) decline();
      const alias = readAlias(text, at, end);
      node = alias.node;
      next = alias.next;
    } else {
      if (!canStartPlain(text, at, end, false)) decline();
      const plain = readPlain(text, at, end, false);
      if (plain.atColon) decline(); // `a: b: c`
      node = {
        kind: 'scalar',
        offset: at,
        tag,
        plain: true,
        source: plain.value,
        value: undefined,
      };
      next = plain.next;
    }
    if (!restIsEmpty(text, next, end)) decline();
    lines.cursor = line + 1;
    return node;
  }

  /** A block sequence whose dashes sit at `indent`, starting on `line`. */
  private blockSeq(line: number, indent: number): SeqNode {
    const lines = this.lines;
    const text = this.text;
    const items: (SyntaxNode | null)[] = [];
    const offset = lines.start(line) + indent;
    for (;;) {
      const dash = lines.start(line) + indent;
      const end = lines.end(line);
      const contentStart = skipSpaces(text, dash + 1, end);
      const key = contentStart < end ? this.compactKey(contentStart, end) : false;
      if (key) {
        // `- key: value`: a mapping indented to the key's column.
        items.push(this.blockMap(line, contentStart - lines.start(line), contentStart));
      } else {
        if (this.isDashLine(line, contentStart - lines.start(line)) && contentStart < end)
          decline(); // `- - x`
        items.push(this.value(line, indent, dash + 1, end, true));
      }
      const next = lines.nextContent(lines.cursor);
      if (next === -1) break;
      const nextIndent = lines.indent(next);
      if (nextIndent < indent) break;
      if (nextIndent > indent || lines.isDocumentMarker(next)) decline();
      if (!this.isDashLine(next, indent)) break;
      line = next;
    }
    return { kind: 'seq', offset, tag: undefined, items };
  }

  /** Whether a sequence item's content is a mapping entry (`- key: value`). */
  private compactKey(pos: number, end: number): boolean {
    const code = this.text.charCodeAt(pos);
    if (code === 0x26 || code === 0x21) {
      // Properties before a key are ambiguous (key's or mapping's): general path.
      const props = readProperties(this.text, pos, end);
      if (props.next < end && this.key(props.next, end) !== undefined) decline();
      return false;
    }
    if (code === 0x5b || code === 0x7b || code === 0x2a || code === 0x7c || code === 0x3e)
      return false;
    return this.key(pos, end) !== undefined;
  }
}
