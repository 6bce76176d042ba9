/**
 * The grammar of `$` expressions in compose values (rules §4), as a scanner shared by
 * substitution and by `config --variables`. It reproduces how compose-go matches:
 *
 * - `$$` is an escaped dollar; `$NAME` takes the longest ASCII name;
 * - `${NAME}` or `${NAME<op><argument>}` where the operator sits right after the name
 *   (so `${U-a?b}` is a default and `${U?a-b}` a requirement);
 * - the argument first extends to the LAST `}` of the line (compose-go's greedy `.*`,
 *   which never crosses a newline), then is cut at the brace that closes the opening
 *   `{` by counting braces; text between that cut and the last `}` is the `rest`,
 *   interpolated on its own and appended;
 * - `${` followed by anything else is an invalid expression;
 * - any other `$` is literal text.
 */

export type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?';

export type DollarToken =
  | { readonly kind: 'escaped' }
  | { readonly kind: 'variable'; readonly name: string }
  | {
      readonly kind: 'operator';
      readonly name: string;
      readonly operator: Operator;
      /** Raw text of the default / alternate value / error message (not yet interpolated). */
      readonly argument: string;
      /** Raw text that followed the closing brace inside the same match. */
      readonly rest: string;
    }
  | { readonly kind: 'invalid' };

export interface DollarMatch {
  readonly token: DollarToken;
  /** Index just after the matched text. */
  readonly end: number;
}

function isNameStart(char: string | undefined): boolean {
  return char !== undefined && /^[A-Za-z_]$/.test(char);
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && /^[A-Za-z0-9_]$/.test(char);
}

/**
 * Where the braced expression starting at `text[0] === '$'` closes, counting braces.
 * Quirk kept on purpose: the character right after every `{` is skipped, exactly as
 * compose-go does, so `{}` inside an argument does not close anything.
 */
function closingBraceIndex(text: string): number {
  let open = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '}') {
      open--;
      if (open === 0) return index;
    }
    if (char === '{') {
      open++;
      index++;
    }
  }
  return -1;
}

function readName(text: string, start: number): number {
  let end = start;
  while (isNameChar(text[end])) end++;
  return end;
}

/**
 * Matches the expression starting at `text[start] === '$'`, or returns undefined when
 * that `$` is plain text.
 */
export function scanDollar(text: string, start: number): DollarMatch | undefined {
  const next = text[start + 1];
  if (next === '$') return { token: { kind: 'escaped' }, end: start + 2 };
  if (isNameStart(next)) {
    const end = readName(text, start + 1);
    return { token: { kind: 'variable', name: text.slice(start + 1, end) }, end };
  }
  if (next !== '{') return undefined;

  const invalid: DollarMatch = { token: { kind: 'invalid' }, end: start + 2 };
  const nameStart = start + 2;
  if (!isNameStart(text[nameStart])) return invalid;
  const nameEnd = readName(text, nameStart);
  const name = text.slice(nameStart, nameEnd);
  if (text[nameEnd] === '}') return { token: { kind: 'variable', name }, end: nameEnd + 1 };

  const hasColon = text[nameEnd] === ':';
  const operatorChar = text[hasColon ? nameEnd + 1 : nameEnd];
  if (operatorChar !== '-' && operatorChar !== '+' && operatorChar !== '?') return invalid;
  const operator = ((hasColon ? ':' : '') + operatorChar) as Operator;
  const argumentStart = nameEnd + operator.length;

  // Greedy extent: up to the last `}` before the end of this line.
  const newline = text.indexOf('\n', argumentStart);
  const lineEnd = newline === -1 ? text.length : newline;
  const lastBrace = text.lastIndexOf('}', lineEnd - 1);
  if (lastBrace < argumentStart) return invalid;
  const end = lastBrace + 1;

  const closing = closingBraceIndex(text.slice(start, end));
  if (closing === -1) {
    return {
      token: {
        kind: 'operator',
        name,
        operator,
        argument: text.slice(argumentStart, lastBrace),
        rest: '',
      },
      end,
    };
  }
  const cut = start + closing;
  return {
    token: {
      kind: 'operator',
      name,
      operator,
      argument: text.slice(argumentStart, cut),
      rest: text.slice(cut + 1, end),
    },
    end,
  };
}
