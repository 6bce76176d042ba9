import { readBlockScalar } from './fast-block-scalar.js';
import { FlowReader } from './fast-flow.js';
import {
  COLON,
  Declined,
  HASH,
  SPACE,
  canStartPlain,
  decline,
  readAlias,
  readPlain,
  readProperties,
  readQuoted,
  restIsEmpty,
  skipSpaces,
} from './fast-scan.js';
import { LineTable } from './lines.js';
import type { BlockOutput } from './block-output.js';

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
 * `!reset` / `!override` tags. It reads `text` into `output` (a syntax tree with
 * the `yaml` package's offsets, or decoded data); anything else — or anything
 * that might be an error — returns `undefined`, and the caller uses the `yaml`
 * package instead. It is about 20 times faster on large files, which is the
 * point of having it.
 */
export function readBlockDocument<V, C>(text: string, output: BlockOutput<V, C>): V | undefined {
  // Tabs, control characters and unusual line breaks need the full rules.
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  try {
    return new BlockReader(text, output).document();
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  }
}

/**
 * The block structure of a document: which lines hold mappings, sequences and
 * values. What is made of them is the output's business (see BlockOutput).
 */
class BlockReader<V, C> {
  private readonly lines: LineTable;
  /** The last key read by `key` (as written, unquoted when quoted) and whether it was quoted. */
  private keySource = '';
  private keyQuoted = false;

  constructor(
    private readonly text: string,
    private readonly out: BlockOutput<V, C>,
  ) {
    this.lines = new LineTable(text);
  }

  document(): V {
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
    const root = this.blockMap(line, 0, lines.start(line), null);
    if (lines.nextContent(lines.cursor) !== -1) decline();
    return root;
  }

  private isDashLine(line: number, column: number): boolean {
    const at = this.lines.start(line) + column;
    return (
      this.text.charCodeAt(at) === DASH &&
      (at + 1 === this.lines.end(line) || this.text.charCodeAt(at + 1) === SPACE)
    );
  }

  /** A block mapping whose keys sit at `indent`; the first key starts at `first` on `line`. */
  private blockMap(line: number, indent: number, first: number, parent: C | null): V {
    const lines = this.lines;
    const map = this.out.openMap(first, parent);
    let keyStart = first;
    for (;;) {
      this.entry(line, indent, keyStart, map);
      const next = lines.nextContent(lines.cursor);
      if (next === -1) break;
      const nextIndent = lines.indent(next);
      if (nextIndent < indent) break;
      // Deeper lines after a complete entry: a multi-line scalar or an error.
      if (nextIndent > indent || lines.isDocumentMarker(next)) decline();
      line = next;
      keyStart = lines.start(next) + indent;
    }
    return this.out.closeMap(map);
  }

  /** `key: value` at `keyStart`; leaves the cursor on the line after the entry. */
  private entry(line: number, indent: number, keyStart: number, map: C): void {
    const end = this.lines.end(line);
    const colon = this.key(keyStart, end);
    if (colon === -1) decline();
    const afterColon = colon + 1;
    if (afterColon - keyStart > MAX_IMPLICIT_KEY) decline();
    this.out.mapKey(map, keyStart, this.keySource, this.keyQuoted);
    this.out.mapValue(map, this.value(line, indent, afterColon, end, false, map));
  }

  /**
   * A plain or quoted implicit key followed by `:`: the position of the colon,
   * the key in `keySource`/`keyQuoted`; -1 when the text is not a key.
   */
  private key(pos: number, end: number): number {
    const text = this.text;
    const code = text.charCodeAt(pos);
    if (code === 0x22 || code === 0x27) {
      const { value, next } = readQuoted(text, pos, end);
      if (text.charCodeAt(next) !== COLON) return -1;
      this.keySource = value;
      this.keyQuoted = true;
      return next;
    }
    if (!canStartPlain(text, pos, end, false)) return -1;
    const { value, next, atColon } = readPlain(text, pos, end, false);
    if (!atColon || value === '') return -1;
    this.keySource = value;
    this.keyQuoted = false;
    return next;
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
    parent: C,
  ): V {
    const text = this.text;
    const lines = this.lines;
    const out = this.out;
    if (pos < end && text.charCodeAt(pos) !== SPACE) decline();
    const props = readProperties(this.text, skipSpaces(text, pos, end), end);
    const at = props.next;
    const { anchor, tag } = props;
    if (anchor !== undefined || tag !== undefined) out.properties();
    if (at === end || (text.charCodeAt(at) === HASH && text.charCodeAt(at - 1) === SPACE)) {
      // Nothing more on this line: a nested block, or an empty value.
      lines.cursor = line + 1;
      const next = lines.nextContent(line + 1);
      if (next !== -1 && !lines.isDocumentMarker(next)) {
        const nextIndent = lines.indent(next);
        const nestedSequence = this.isDashLine(next, nextIndent);
        if (nextIndent > indent || (nextIndent === indent && nestedSequence && !inSequence)) {
          // Anchors count in document order, a collection before its content (as
          // the `yaml` package visits them): its definition slot is taken first.
          const slot = anchor === undefined ? -1 : out.reserve(anchor);
          const start = lines.start(next) + nextIndent;
          const nested = nestedSequence
            ? this.blockSeq(next, nextIndent, parent)
            : this.blockMap(next, nextIndent, start, parent);
          const node = tag === undefined ? nested : out.tagged(nested, tag);
          if (anchor !== undefined) out.fill(anchor, slot, node);
          return node;
        }
      }
      // An empty value: its position is never recorded, but anchors on it and
      // empty sequence items would need the `yaml` package's exact offsets.
      if (anchor !== undefined || inSequence) decline();
      return out.empty(at, tag, parent);
    }
    // An alias may not have properties (`&a *b` is an error in YAML).
    if (anchor !== undefined && text.charCodeAt(at) === 0x2a) decline();
    const node = this.inlineValue(line, indent, at, end, tag, parent);
    if (anchor !== undefined) out.define(anchor, node);
    return node;
  }

  /** A value that starts on the entry's own line. */
  private inlineValue(
    line: number,
    indent: number,
    at: number,
    end: number,
    tag: string | undefined,
    parent: C,
  ): V {
    const text = this.text;
    const lines = this.lines;
    const out = this.out;
    const code = text.charCodeAt(at);
    let node: V;
    let next: number;
    if (code === 0x7c || code === 0x3e) {
      const block = readBlockScalar(lines, line, at, indent);
      lines.cursor = block.nextLine;
      const value = out.scalar(block.node, parent);
      return tag === undefined ? value : out.tagged(value, tag);
    }
    if (code === 0x22 || code === 0x27) {
      const quoted = readQuoted(text, at, end);
      node = out.quoted(at, quoted.value, parent);
      next = quoted.next;
    } else if (code === 0x5b || code === 0x7b) {
      const flow = new FlowReader(text, indent).read(at);
      node = out.flow(flow.node, parent);
      next = flow.next;
      line = lines.lineOf(next, line);
      end = lines.end(line);
    } else if (code === 0x2a) {
      if (tag !== undefined) decline();
      const alias = readAlias(text, at, end);
      node = out.alias(alias.node, parent);
      next = alias.next;
    } else {
      if (!canStartPlain(text, at, end, false)) decline();
      const plain = readPlain(text, at, end, false);
      if (plain.atColon) decline(); // `a: b: c`
      node = out.plain(at, plain.value, parent);
      next = plain.next;
    }
    if (!restIsEmpty(text, next, end)) decline();
    lines.cursor = line + 1;
    return tag === undefined ? node : out.tagged(node, tag);
  }

  /** A block sequence whose dashes sit at `indent`, starting on `line`. */
  private blockSeq(line: number, indent: number, parent: C | null): V {
    const lines = this.lines;
    const text = this.text;
    const seq = this.out.openSeq(lines.start(line) + indent, parent);
    for (;;) {
      const dash = lines.start(line) + indent;
      const end = lines.end(line);
      const contentStart = skipSpaces(text, dash + 1, end);
      const key = contentStart < end ? this.compactKey(contentStart, end) : false;
      if (key) {
        // `- key: value`: a mapping indented to the key's column.
        this.out.seqItem(
          seq,
          this.blockMap(line, contentStart - lines.start(line), contentStart, seq),
        );
      } else {
        if (this.isDashLine(line, contentStart - lines.start(line)) && contentStart < end)
          decline(); // `- - x`
        this.out.seqItem(seq, this.value(line, indent, dash + 1, end, true, seq));
      }
      const next = lines.nextContent(lines.cursor);
      if (next === -1) break;
      const nextIndent = lines.indent(next);
      if (nextIndent < indent) break;
      if (nextIndent > indent || lines.isDocumentMarker(next)) decline();
      if (!this.isDashLine(next, indent)) break;
      line = next;
    }
    return this.out.closeSeq(seq);
  }

  /** Whether a sequence item's content is a mapping entry (`- key: value`). */
  private compactKey(pos: number, end: number): boolean {
    const code = this.text.charCodeAt(pos);
    if (code === 0x26 || code === 0x21) {
      // Properties before a key are ambiguous (key's or mapping's): general path.
      const props = readProperties(this.text, pos, end);
      if (props.next < end && this.key(props.next, end) !== -1) decline();
      return false;
    }
    if (code === 0x5b || code === 0x7b || code === 0x2a || code === 0x7c || code === 0x3e)
      return false;
    return this.key(pos, end) !== -1;
  }
}
