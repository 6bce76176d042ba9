import type { ScalarNode } from './ast.js';
import { decline, restIsEmpty } from './fast-scan.js';
import type { LineTable } from './lines.js';

const SPACE = 0x20;

/**
 * A literal (`|`) or folded (`>`) block scalar whose header is at `header` on
 * `line`, inside a collection indented `parentIndent`. Declined: indentation
 * indicators, `+` chomping, more-indented lines in folded scalars, whitespace-only
 * lines longer than the indentation, and a scalar that ends the file without a
 * line break (each has rules of its own).
 */
export function readBlockScalar(
  lines: LineTable,
  line: number,
  header: number,
  parentIndent: number,
): { node: ScalarNode; nextLine: number } {
  const text = lines.text;
  const folded = text.charCodeAt(header) === 0x3e;
  let at = header + 1;
  let chomp: 'clip' | 'strip' = 'clip';
  if (text.charCodeAt(at) === 0x2d) {
    chomp = 'strip';
    at++;
  }
  if (
    !restIsEmpty(text, at, lines.end(line)) ||
    (at < lines.end(line) && text.charCodeAt(at) !== SPACE)
  )
    decline();

  let indent = -1;
  const body: string[] = [];
  let lastContent = -1;
  let next = line + 1;
  for (; next < lines.count; next++) {
    const lineIndent = lines.indent(next);
    const length = lines.end(next) - lines.start(next);
    if (lineIndent === length) {
      // Whitespace only: an empty line of the scalar, unless it holds more spaces
      // than the indentation (then it is content with leading spaces).
      if (indent === -1 ? length > parentIndent + 1 : length > indent) decline();
      body.push('');
      continue;
    }
    if (indent === -1) {
      if (lineIndent <= parentIndent) break;
      indent = lineIndent;
    } else if (lineIndent < indent) break;
    const content = text.slice(lines.start(next) + indent, lines.end(next));
    if (folded && (lineIndent > indent || content.charCodeAt(0) === 0x09)) decline();
    body.push(content);
    lastContent = body.length - 1;
  }
  if (lastContent === -1) decline();
  // Folded scalars keep leading empty lines as line breaks: rare, general path.
  if (folded && body[0] === '') decline();
  if (!lines.hasBreak(line + 1 + lastContent)) decline();
  // Leading empty lines were checked against the first content line's indent.
  const kept = body.slice(0, lastContent + 1);
  let value = folded ? fold(kept) : kept.join('\n');
  if (chomp === 'clip') value += '\n';
  const node: ScalarNode = {
    kind: 'scalar',
    offset: header,
    tag: undefined,
    plain: false,
    source: value,
    value,
  };
  return { node, nextLine: next };
}

/** Folding: a single line break between text lines becomes a space; empty lines stay line breaks. */
function fold(body: readonly string[]): string {
  let value = '';
  let pendingBreaks = -1;
  for (const content of body) {
    if (content === '') {
      pendingBreaks++;
      continue;
    }
    if (pendingBreaks === -1) value += content;
    else value += (pendingBreaks === 0 ? ' ' : '\n'.repeat(pendingBreaks)) + content;
    pendingBreaks = 0;
  }
  return value;
}
