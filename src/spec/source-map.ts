import type { SourcePosition } from './diagnostics.js';
import type { KeyPath } from './key-path.js';

/** Line and column (1-based) of an offset in the text a SourceMap describes. */
export type OffsetLocator = (offset: number) => { line: number; col: number };

/**
 * One path segment of a SourceMap. The YAML decoder records offsets only: turning
 * them into line and column costs a search per entry, and most entries are never
 * asked for (positions are needed only when something is reported).
 */
export interface PositionEntry {
  /** Offset into the text, or -1 when `position` was given directly (or nothing is known). */
  offset: number;
  position: SourcePosition | undefined;
  /**
   * A child with nothing below it (a scalar value: most of them) is kept as its
   * bare offset; it becomes an entry only when something is recorded under it.
   */
  children: Map<string | number, PositionEntry | number> | undefined;
}

function newEntry(): PositionEntry {
  return { offset: -1, position: undefined, children: undefined };
}

/** Positions of the keys and values of one YAML document, by key path. */
export class SourceMap {
  /** Entries form a tree by path segment, so no string key is built per path. */
  readonly root: PositionEntry = newEntry();

  constructor(
    readonly file: string,
    private readonly locateOffset?: OffsetLocator,
  ) {}

  set(path: KeyPath, position: SourcePosition): void {
    const entry = this.entryAt(path, true)!;
    entry.offset = -1;
    entry.position = position;
  }

  /**
   * Records the offset of `segment` under `parent` and returns its entry (the
   * decoder's fast way to fill the map while it walks down a document).
   */
  record(parent: PositionEntry, segment: string | number, offset: number): PositionEntry {
    const children = (parent.children ??= new Map());
    let entry = children.get(segment);
    if (entry === undefined || typeof entry === 'number') {
      entry = newEntry();
      children.set(segment, entry);
    }
    entry.offset = offset;
    entry.position = undefined;
    return entry;
  }

  /** `record` for a segment that will hold nothing below it (no entry object is made). */
  recordLeaf(parent: PositionEntry, segment: string | number, offset: number): void {
    const children = (parent.children ??= new Map());
    const entry = children.get(segment);
    if (entry === undefined || typeof entry === 'number') {
      children.set(segment, offset);
    } else {
      entry.offset = offset;
      entry.position = undefined;
    }
  }

  get(path: KeyPath): SourcePosition | undefined {
    const entry = this.entryAt(path, false);
    if (entry === undefined) return undefined;
    if (entry.position === undefined && entry.offset >= 0) {
      entry.position = this.positionAt(entry.offset);
    }
    return entry.position;
  }

  /** The position of an offset of this map's text. */
  positionAt(offset: number): SourcePosition {
    const { line, col } = this.locateOffset ? this.locateOffset(offset) : { line: 0, col: offset };
    return { file: this.file, line, column: col };
  }

  /** Every recorded path with its position, in recording order (for tests and tools). */
  entries(): [KeyPath, SourcePosition][] {
    const result: [KeyPath, SourcePosition][] = [];
    const walk = (entry: PositionEntry, path: (string | number)[]): void => {
      const position = this.get(path);
      if (position) result.push([path, position]);
      for (const segment of entry.children?.keys() ?? [])
        walk(this.entryAt([...path, segment], false)!, [...path, segment]);
    };
    walk(this.root, []);
    return result;
  }

  private entryAt(path: KeyPath, create: boolean): PositionEntry | undefined {
    let entry = this.root;
    for (const segment of path) {
      let child = entry.children?.get(segment);
      if (child === undefined || typeof child === 'number') {
        if (child === undefined && !create) return undefined;
        // A bare offset becomes a full entry once it is looked at or written below.
        const offset = child;
        child = newEntry();
        if (offset !== undefined) child.offset = offset;
        (entry.children ??= new Map()).set(segment, child);
      }
      entry = child;
    }
    return entry;
  }
}

/**
 * Line starts of a text, for turning offsets into line and column the way the
 * `yaml` package's LineCounter does (only `\n` starts a line).
 */
export function lineLocator(text: string): OffsetLocator {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low]! + 1 };
  };
}

/**
 * Finds where a path of the merged model was written. Files are searched from
 * the last one loaded (overrides win), and a path not found is looked up through
 * its parents, so an error about `services.web.ports[3]` points at least at
 * `services.web.ports` when the item came from a merge.
 */
export class Locator {
  private readonly maps: SourceMap[] = [];

  add(map: SourceMap): void {
    this.maps.push(map);
  }

  locate(path: KeyPath): SourcePosition | undefined {
    for (let length = path.length; length >= 0; length--) {
      const prefix = path.slice(0, length);
      for (let i = this.maps.length - 1; i >= 0; i--) {
        const position = this.maps[i]!.get(prefix);
        if (position) return position;
      }
    }
    return undefined;
  }
}
