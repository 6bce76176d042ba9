import type { AliasNode, ScalarNode } from './ast.js';

/**
 * Character-level pieces of the fast parser: quoted scalars, plain scalars,
 * aliases. Every function either reads exactly what the `yaml` package would
 * read, or calls `decline()` so that the document goes to the general path.
 */

/** Thrown (never caught outside the fast parser) when a document needs the general path. */
export class Declined {}
const DECLINED = new Declined();

export function decline(): never {
  throw DECLINED;
}

export const SPACE = 0x20;
export const HASH = 0x23;
export const COLON = 0x3a;

/** Characters that may not start a plain scalar (YAML's c-indicator, minus `-?:` handled apart). */
const INDICATOR_START = new Set([...',[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_INDICATOR = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));

export function isFlowIndicator(code: number): boolean {
  return FLOW_INDICATOR.has(code);
}

export function plainScalar(offset: number, source: string): ScalarNode {
  return { kind: 'scalar', offset, tag: undefined, plain: true, source, value: undefined };
}

export function textScalar(offset: number, text: string, tag: string | undefined): ScalarNode {
  return { kind: 'scalar', offset, tag, plain: false, source: text, value: text };
}

/** Position after the spaces at `pos` (never past `end`). */
export function skipSpaces(text: string, pos: number, end: number): number {
  while (pos < end && text.charCodeAt(pos) === SPACE) pos++;
  return pos;
}

/** Whether the rest of the line from `pos` is blank or a comment. */
export function restIsEmpty(text: string, pos: number, end: number): boolean {
  const at = skipSpaces(text, pos, end);
  if (at === end) return true;
  // `#` starts a comment only after a space (`"a"#b` is not a comment).
  return text.charCodeAt(at) === HASH && text.charCodeAt(at - 1) === SPACE;
}

/** Whether a plain scalar may start at `pos` (block context when `flow` is false). */
export function canStartPlain(text: string, pos: number, end: number, flow: boolean): boolean {
  const code = text.charCodeAt(pos);
  if (INDICATOR_START.has(code)) return false;
  if (code === 0x2d || code === 0x3f || code === COLON) {
    // `-x`, `?x`, `:x` are plain; `- `, `? `, `: ` are indicators.
    const next = pos + 1 < end ? text.charCodeAt(pos + 1) : SPACE;
    if (next === SPACE || (flow && FLOW_INDICATOR.has(next))) return false;
    if (code !== 0x2d) return false; // `?x` / `:x`: legal but rare, left to the general path
  }
  return true;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A quoted scalar that ends on its line; returns the text and the position after the closing quote. */
export function readQuoted(
  text: string,
  pos: number,
  end: number,
): { value: string; next: number } {
  const quote = text.charCodeAt(pos);
  let value = '';
  let at = pos + 1;
  if (quote === 0x27) {
    for (;;) {
      const close = text.indexOf("'", at);
      if (close === -1 || close >= end) decline(); // multi-line: folding rules, general path
      value += text.slice(at, close);
      if (text.charCodeAt(close + 1) !== 0x27) return { value, next: close + 1 };
      value += "'";
      at = close + 2;
    }
  }
  for (;;) {
    let stop = at;
    while (stop < end) {
      const code = text.charCodeAt(stop);
      if (code === 0x22 || code === 0x5c) break;
      stop++;
    }
    if (stop >= end) decline();
    value += text.slice(at, stop);
    if (text.charCodeAt(stop) === 0x22) return { value, next: stop + 1 };
    const escape = text.charAt(stop + 1);
    const simple = ESCAPES[escape];
    if (simple !== undefined && stop + 1 < end) {
      value += simple;
      at = stop + 2;
      continue;
    }
    const length = HEX_LENGTH[escape];
    if (length === undefined) decline();
    const hex = text.slice(stop + 2, stop + 2 + length);
    if (stop + 2 + length > end || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) decline();
    const codePoint = parseInt(hex, 16);
    if (codePoint > 0x10ffff) decline();
    value += String.fromCodePoint(codePoint);
    at = stop + 2 + length;
  }
}

/**
 * A one-line plain scalar from `pos`: stops before ` #` and at the line end; in
 * flow context also before flow indicators and `: `. Returns the trimmed text and
 * the position after it; `stop` tells whether it stopped at a `:` indicator.
 */
export function readPlain(
  text: string,
  pos: number,
  end: number,
  flow: boolean,
): { value: string; next: number; atColon: boolean } {
  if (!flow) return readBlockPlain(text, pos, end);
  let at = pos;
  let atColon = false;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code === HASH && text.charCodeAt(at - 1) === SPACE) break;
    if (code === COLON) {
      const next = at + 1 < end ? text.charCodeAt(at + 1) : SPACE;
      if (next === SPACE || (flow && FLOW_INDICATOR.has(next))) {
        atColon = true;
        break;
      }
    }
    if (flow && FLOW_INDICATOR.has(code)) break;
    at++;
  }
  let last = at;
  while (last > pos && text.charCodeAt(last - 1) === SPACE) last--;
  return { value: text.slice(pos, last), next: at, atColon };
}

/** The next `:` or `#`: the only characters that can end a plain scalar in block context. */
const BLOCK_PLAIN_STOP = /[:#]/g;

/**
 * `readPlain` in block context. A regular expression jumps from one `:`/`#` to
 * the next instead of a loop over every character: keys and values are read
 * this way on every line, mostly before the loop would have been optimized.
 */
function readBlockPlain(
  text: string,
  pos: number,
  end: number,
): { value: string; next: number; atColon: boolean } {
  let at = end;
  let atColon = false;
  BLOCK_PLAIN_STOP.lastIndex = pos;
  for (;;) {
    const stop = BLOCK_PLAIN_STOP.exec(text);
    if (stop === null || stop.index >= end) break;
    const index = stop.index;
    if (text.charCodeAt(index) === HASH) {
      if (text.charCodeAt(index - 1) === SPACE) {
        at = index;
        break;
      }
    } else if (index + 1 >= end || text.charCodeAt(index + 1) === SPACE) {
      at = index;
      atColon = true;
      break;
    }
  }
  let last = at;
  while (last > pos && text.charCodeAt(last - 1) === SPACE) last--;
  return { value: text.slice(pos, last), next: at, atColon };
}

/** `*name`: the name runs to a space, the line end or (in flow) a flow indicator. */
export function readAlias(
  text: string,
  pos: number,
  end: number,
): { node: AliasNode; next: number } {
  let at = pos + 1;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code === SPACE) break;
    if (FLOW_INDICATOR.has(code)) break;
    at++;
  }
  if (at === pos + 1) decline();
  return {
    node: { kind: 'alias', offset: pos, tag: undefined, name: text.slice(pos + 1, at) },
    next: at,
  };
}

/** Tags the fast path knows; any other tag has rules of its own (general path). */
const TAGS = new Set(['!reset', '!override']);

export interface Properties {
  anchor: string | undefined;
  tag: string | undefined;
  /** Position after the properties and the spaces that follow them. */
  next: number;
}

/** Returned for values without properties; read at once by the caller (never kept). */
const NO_PROPERTIES: Properties = { anchor: undefined, tag: undefined, next: 0 };

/** `&anchor` and `!tag` before a value, in any order, each at most once. */
export function readProperties(text: string, pos: number, end: number): Properties {
  const first = text.charCodeAt(pos);
  // Nearly every value has no properties: no loop, one shared answer.
  if (first !== 0x26 && first !== 0x21) {
    NO_PROPERTIES.next = pos;
    return NO_PROPERTIES;
  }
  let anchor: string | undefined;
  let tag: string | undefined;
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === 0x26 && anchor === undefined) {
      const read = readAlias(text, pos, end); // anchor names follow the alias name rules
      anchor = read.node.name;
      pos = read.next;
    } else if (code === 0x21 && tag === undefined) {
      let stop = pos;
      while (stop < end && text.charCodeAt(stop) !== SPACE) stop++;
      tag = text.slice(pos, stop);
      if (!TAGS.has(tag)) decline();
      pos = stop;
    } else {
      return { anchor, tag, next: pos };
    }
    if (pos < end && text.charCodeAt(pos) !== SPACE) decline();
    pos = skipSpaces(text, pos, end);
  }
}
