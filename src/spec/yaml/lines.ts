const SPACE = 0x20;
const HASH = 0x23;
const RETURN = 0x0d;

/**
 * The lines of a text for the fast parser: where each starts and ends (without
 * its line break), its indentation, and a cursor on the next line to read.
 */
export class LineTable {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Leading spaces of each line. */
  private readonly indents: number[] = [];
  /** Whether each line holds something besides spaces and a comment. */
  private readonly content: boolean[] = [];
  /** The first line not yet consumed by the reader. */
  cursor = 0;

  constructor(readonly text: string) {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const stop = newline === -1 ? text.length : newline;
      const end = stop > start && text.charCodeAt(stop - 1) === RETURN ? stop - 1 : stop;
      let first = start;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(first - start);
      this.content.push(first < end && text.charCodeAt(first) !== HASH);
      if (newline === -1) break;
      start = newline + 1;
    }
  }

  get count(): number {
    return this.starts.length;
  }

  start(line: number): number {
    return this.starts[line]!;
  }

  end(line: number): number {
    return this.ends[line]!;
  }

  /** Whether the line has a line break after it (the last line of a file may not). */
  hasBreak(line: number): boolean {
    return line + 1 < this.starts.length;
  }

  indent(line: number): number {
    return this.indents[line]!;
  }

  /** The first line from `line` on that is neither blank nor a comment; -1 at the end. */
  nextContent(line: number): number {
    const count = this.content.length;
    for (let at = line; at < count; at++) if (this.content[at]) return at;
    return -1;
  }

  startsWith(line: number, prefix: string): boolean {
    return this.text.startsWith(prefix, this.starts[line]!);
  }

  /** `---` or `...` at the start of a line, alone or followed by a space. */
  isDocumentMarker(line: number): boolean {
    const start = this.starts[line]!;
    const marker = this.text.slice(start, start + 3);
    if (marker !== '---' && marker !== '...') return false;
    return start + 3 === this.ends[line]! || this.text.charCodeAt(start + 3) === SPACE;
  }

  /** The line holding `offset`, searching forward from `from`. */
  lineOf(offset: number, from: number): number {
    let line = from;
    while (line + 1 < this.starts.length && this.starts[line + 1]! <= offset) line++;
    return line;
  }
}
