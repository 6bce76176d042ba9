import type { SourcePosition } from './diagnostics.js';
import { keyPathId, type KeyPath } from './key-path.js';

/** Positions of the keys and values of one YAML document, by key path. */
export class SourceMap {
  private readonly positions = new Map<string, SourcePosition>();

  constructor(readonly file: string) {}

  set(path: KeyPath, position: SourcePosition): void {
    this.positions.set(keyPathId(path), position);
  }

  get(path: KeyPath): SourcePosition | undefined {
    return this.positions.get(keyPathId(path));
  }
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
