/**
 * The `WWW-Authenticate` header of a registry's 401 (RFC 7235):
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"`
 * or `Basic realm="Registry Realm"`. Several challenges may share one header
 * (`Basic realm="a", Bearer realm="b"`), and Node joins repeated headers with
 * `, `, so the parser reads a list. Pure.
 */

export interface Challenge {
  /** Lower case: `bearer`, `basic`. */
  readonly scheme: string;
  /** Parameter names in lower case; quoted values unescaped. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

class Cursor {
  index = 0;
  constructor(readonly text: string) {}

  skipSpaces(): void {
    while (this.index < this.text.length && /[ \t]/.test(this.text[this.index] as string)) {
      this.index += 1;
    }
  }

  token(): string | undefined {
    const match = TOKEN.exec(this.text.slice(this.index));
    if (match === null) return undefined;
    this.index += match[0].length;
    return match[0];
  }

  peek(): string | undefined {
    return this.text[this.index];
  }

  quoted(): string {
    // Called on the opening quote; an unterminated string runs to the end.
    let value = '';
    this.index += 1;
    while (this.index < this.text.length) {
      const char = this.text[this.index] as string;
      this.index += 1;
      if (char === '"') return value;
      if (char === '\\' && this.index < this.text.length) {
        value += this.text[this.index] as string;
        this.index += 1;
      } else {
        value += char;
      }
    }
    return value;
  }

  /** An unquoted value; more lenient than RFC 7235's token, as some servers send bare URLs. */
  bare(): string {
    const match = /^[^,\s]*/.exec(this.text.slice(this.index)) as RegExpExecArray;
    this.index += match[0].length;
    return match[0];
  }

  /** A token68 (`Negotiate abc==`) is no parameter: skipped. */
  token68(): void {
    const match = /^[A-Za-z0-9\-._~+/]+=*/.exec(this.text.slice(this.index));
    if (match !== null) this.index += match[0].length;
  }

  /** Skips to just after the next comma (or the end). */
  skipPastComma(): void {
    while (this.index < this.text.length && this.text[this.index] !== ',') this.index += 1;
    if (this.index < this.text.length) this.index += 1;
  }
}

/** One `name=value` pair at the cursor, or undefined (cursor restored) when there is none. */
function param(cursor: Cursor): [string, string] | undefined {
  const start = cursor.index;
  cursor.skipSpaces();
  const name = cursor.token();
  cursor.skipSpaces();
  if (name === undefined || cursor.peek() !== '=') {
    cursor.index = start;
    return undefined;
  }
  cursor.index += 1;
  cursor.skipSpaces();
  const value = cursor.peek() === '"' ? cursor.quoted() : cursor.bare();
  return [name.toLowerCase(), value];
}

/** Every challenge in the header, in order; unparseable pieces are skipped. */
export function parseWwwAuthenticate(header: string | readonly string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const cursor = new Cursor(typeof header === 'string' ? header : header.join(', '));
  const challenges: Challenge[] = [];
  let current: { scheme: string; params: Record<string, string> } | undefined;
  while (cursor.index < cursor.text.length) {
    cursor.skipSpaces();
    if (cursor.peek() === ',') {
      cursor.index += 1;
      continue;
    }
    const pair = current === undefined ? undefined : param(cursor);
    if (pair !== undefined && current !== undefined) {
      current.params[pair[0]] = pair[1];
      cursor.skipSpaces();
      if (cursor.peek() === ',') cursor.index += 1;
      continue;
    }
    const scheme = cursor.token();
    if (scheme === undefined) {
      cursor.skipPastComma();
      continue;
    }
    current = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(current);
    cursor.skipSpaces();
    const first = param(cursor);
    if (first !== undefined) current.params[first[0]] = first[1];
    else cursor.token68();
    cursor.skipSpaces();
    if (cursor.peek() === ',') cursor.index += 1;
  }
  return challenges;
}
