import { DiagnosticBag, type SourcePosition, type WarningSink } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import type { RawMapping } from '../raw.js';
import { cloneRaw, setKey } from '../merge/raw-utils.js';
import { earliestRule, type TrieNode } from '../path-trie.js';
import { CAST_ROOT, type Cast } from './casts.js';
import { InterpolationError, interpolateString, type VariableLookup } from './substitute.js';

export interface InterpolateModelOptions {
  readonly lookup: VariableLookup;
  /** The file the model was read from, named in diagnostics when no position is known. */
  readonly file?: string;
  /** Finds where a value was written, for precise diagnostics. */
  readonly locate?: (path: KeyPath) => SourcePosition | undefined;
  readonly warn: WarningSink;
}

export function unsetVariableMessage(name: string): string {
  return `The ${JSON.stringify(name)} variable is not set. Defaulting to a blank string.`;
}

/**
 * Interpolates every string value of one file's model (never mapping keys, never
 * non-string scalars), then applies the typed casts. All failures are collected and
 * thrown together as one `ComposeError`; the input is not modified.
 */
export function interpolateModel(model: RawMapping, options: InterpolateModelOptions): RawMapping {
  return interpolateModelInPlace(cloneRaw(model), options);
}

/**
 * `interpolateModel` for a model the caller owns (a freshly decoded document):
 * values are replaced where they change, in their containers. Copying the whole
 * model for the few values that hold a `$` or a typed cast was most of the cost.
 */
export function interpolateModelInPlace(
  model: RawMapping,
  options: InterpolateModelOptions,
): RawMapping {
  const bag = new DiagnosticBag();
  const reported = new Set<string>();

  const where = (path: KeyPath): { file?: string; position?: SourcePosition } => {
    const position = options.locate?.([...path]);
    const file = position?.file ?? options.file;
    return { ...(file !== undefined ? { file } : {}), ...(position ? { position } : {}) };
  };

  // Compose warns at each use; one warning per variable is enough to act on.
  const warnUnset = (name: string): void => {
    if (reported.has(name)) return;
    reported.add(name);
    options.warn({
      severity: 'warning',
      code: 'interpolate.unset',
      message: unsetVariableMessage(name),
    });
  };

  // `path` below is one mutable stack for the whole walk (a fresh array per value
  // was a large part of the cost on big files): it is copied whenever a
  // diagnostic keeps it.
  const interpolateText = (
    text: string,
    path: (string | number)[],
    cast: Cast | undefined,
  ): unknown => {
    let substituted: string;
    try {
      // Text without `$` has nothing to substitute.
      substituted =
        text.indexOf('$') === -1
          ? text
          : interpolateString(text, options.lookup, { path: [...path], warn: warnUnset });
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      bag.error({
        code: error.kind === 'required' ? 'interpolate.required' : 'interpolate.invalid-format',
        message: error.message,
        path: [...path],
        ...where(path),
      });
      return text;
    }
    if (cast === undefined) return substituted;
    const result = cast(substituted);
    if (!result.ok) {
      bag.error({
        code: 'interpolate.cast',
        message: `failed to cast to expected type: ${result.reason}`,
        path: [...path],
        ...where(path),
      });
      return substituted;
    }
    if (result.warning !== undefined) {
      options.warn({
        severity: 'warning',
        code: 'interpolate.yaml11-boolean',
        message: result.warning,
        path: [...path],
        ...where(path),
      });
    }
    return result.value;
  };

  // `casts` are the nodes of the table of casts that the path so far matches
  // (see PathTrie.step): followed down with the walk, a string's cast costs no
  // lookup from the root, and a string below every typed path (nearly all of
  // them) without a `$` is left as it is at once.
  const visitValue = (
    item: unknown,
    segment: string | number,
    path: (string | number)[],
    casts: readonly TrieNode<Cast>[],
  ): unknown => {
    const isText = typeof item === 'string';
    if (!isText && (typeof item !== 'object' || item === null)) return item;
    const next = casts.length === 0 ? NO_CASTS : stepAll(casts, segment);
    if (isText && next.length === 0 && item.indexOf('$') === -1) return item;
    path.push(segment);
    const value = isText
      ? interpolateText(item, path, earliestRule(next))
      : visit(item as RawMapping | unknown[], path, next);
    path.pop();
    return value;
  };

  const visit = (
    container: RawMapping | unknown[],
    path: (string | number)[],
    casts: readonly TrieNode<Cast>[],
  ): unknown => {
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) {
        const item: unknown = container[index];
        const value = visitValue(item, index, path, casts);
        if (value !== item) container[index] = value;
      }
      return container;
    }
    for (const key of Object.keys(container)) {
      const item = container[key];
      const value = visitValue(item, key, path, casts);
      if (value !== item) setKey(container, key, value);
    }
    return container;
  };

  visit(model, [], [CAST_ROOT]);
  bag.throwIfAny();
  return model;
}

const NO_CASTS: readonly TrieNode<Cast>[] = [];

/** The nodes reached from `nodes` by `segment` (shared empty list when none). */
function stepAll(
  nodes: readonly TrieNode<Cast>[],
  segment: string | number,
): readonly TrieNode<Cast>[] {
  const next: TrieNode<Cast>[] = [];
  for (const node of nodes) node.step(segment, next);
  return next.length === 0 ? NO_CASTS : next;
}
