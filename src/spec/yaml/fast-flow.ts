import type { MapNode, PairNode, SeqNode, SyntaxNode } from './ast.js';
import {
  COLON,
  HASH,
  SPACE,
  canStartPlain,
  decline,
  plainScalar,
  readAlias,
  readPlain,
  readQuoted,
  textScalar,
} from './fast-scan.js';

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Flow collections (`[a, "b"]`, `{k: v}`), possibly over several lines. Inside
 * them only scalars, aliases and nested flow collections are read; tags,
 * anchors, empty entries, trailing commas and multi-line scalars are declined.
 */
export class FlowReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    /** Continuation lines must be indented more than this (the enclosing block's indent). */
    private readonly parentIndent: number,
  ) {}

  /** Reads the collection opening at `start`; returns it and the position after its closing bracket. */
  read(start: number): { node: SyntaxNode; next: number } {
    this.pos = start;
    const node = this.collection();
    return { node, next: this.pos };
  }

  /** Skips spaces, line breaks and comments; a new line must stay indented. */
  private skipSeparators(): void {
    const text = this.text;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === SPACE) this.pos++;
      else if (
        code === HASH &&
        (text.charCodeAt(this.pos - 1) === SPACE || isBreak(text.charCodeAt(this.pos - 1)))
      ) {
        while (this.pos < text.length && !isBreak(text.charCodeAt(this.pos))) this.pos++;
      } else if (code === RETURN) {
        if (text.charCodeAt(this.pos + 1) !== NEWLINE) decline();
        this.pos++;
      } else if (code === NEWLINE) {
        this.pos++;
        let indent = 0;
        while (text.charCodeAt(this.pos + indent) === SPACE) indent++;
        const first = text.charCodeAt(this.pos + indent);
        const blank = isBreak(first) || first === HASH || this.pos + indent >= text.length;
        if (!blank && indent <= this.parentIndent) decline();
        this.pos += indent;
      } else return;
    }
  }

  private collection(): SyntaxNode {
    const open = this.text.charCodeAt(this.pos);
    const offset = this.pos;
    const isMap = open === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    this.pos++;
    const items: (SyntaxNode | null)[] = [];
    const pairs: PairNode[] = [];
    this.skipSeparators();
    if (this.text.charCodeAt(this.pos) === close) {
      this.pos++;
      return isMap ? mapNode(offset, pairs) : seqNode(offset, items);
    }
    for (;;) {
      if (isMap) pairs.push(this.pair());
      else items.push(this.item(false).node);
      this.skipSeparators();
      const code = this.text.charCodeAt(this.pos);
      if (code === close) {
        this.pos++;
        return isMap ? mapNode(offset, pairs) : seqNode(offset, items);
      }
      if (code !== COMMA) decline();
      this.pos++;
      this.skipSeparators();
      // A trailing comma or an empty entry: valid YAML, left to the general path.
      if (this.text.charCodeAt(this.pos) === close || this.text.charCodeAt(this.pos) === COMMA)
        decline();
    }
  }

  private pair(): PairNode {
    const key = this.item(true);
    if (key.node.kind !== 'scalar') decline();
    // `"k":v` needs no space after a quoted key; a plain key stopped at `: `.
    if (this.text.charCodeAt(this.pos) !== COLON) decline();
    this.pos++;
    if (!key.quoted && this.text.charCodeAt(this.pos) !== SPACE) decline();
    this.skipSeparators();
    const code = this.text.charCodeAt(this.pos);
    if (code === COMMA || code === 0x7d) decline(); // `{k: }`: empty value
    const value = this.item(false);
    return { key: key.node, value: value.node };
  }

  /** One entry: quoted, alias, nested collection or plain scalar. */
  private item(asKey: boolean): { node: SyntaxNode; quoted: boolean } {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    const end = lineEnd(text, start);
    if (code === 0x22 || code === 0x27) {
      const { value, next } = readQuoted(text, start, end);
      this.pos = next;
      return { node: textScalar(start, value, undefined), quoted: true };
    }
    if (code === 0x5b || code === 0x7b) {
      if (asKey) decline();
      return { node: this.collection(), quoted: false };
    }
    if (code === 0x2a) {
      const { node, next } = readAlias(text, start, end);
      this.pos = next;
      return { node, quoted: false };
    }
    if (!canStartPlain(text, start, end, true)) decline();
    const { value, next, atColon } = readPlain(text, start, end, true);
    // In a sequence `[a: b]` is a one-pair mapping: left to the general path.
    if (atColon && !asKey) decline();
    if (value === '') decline();
    this.pos = next;
    this.skipSpacesOnly();
    return { node: plainScalar(start, value), quoted: false };
  }

  private skipSpacesOnly(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }
}

function isBreak(code: number): boolean {
  return code === NEWLINE || code === RETURN;
}

function lineEnd(text: string, pos: number): number {
  let at = pos;
  while (at < text.length && !isBreak(text.charCodeAt(at))) at++;
  return at;
}

function mapNode(offset: number, pairs: PairNode[]): MapNode {
  return { kind: 'map', offset, tag: undefined, pairs };
}

function seqNode(offset: number, items: (SyntaxNode | null)[]): SeqNode {
  return { kind: 'seq', offset, tag: undefined, items };
}
