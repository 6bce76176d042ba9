import { DiagnosticBag, type SourcePosition, type WarningSink } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import type { RawMapping } from '../raw.js';
import { cloneRaw, setKey } from '../merge/raw-utils.js';
import { castForPath } from './casts.js';
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
  const interpolateText = (text: string, path: (string | number)[]): unknown => {
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
    const cast = castForPath(path);
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

  const visit = (container: RawMapping | unknown[], path: (string | number)[]): void => {
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) {
        const item: unknown = container[index];
        if (typeof item === 'string') {
          path.push(index);
          const value = interpolateText(item, path);
          if (value !== item) container[index] = value;
          path.pop();
        } else if (typeof item === 'object' && item !== null) {
          path.push(index);
          visit(item as RawMapping | unknown[], path);
          path.pop();
        }
      }
      return;
    }
    for (const key of Object.keys(container)) {
      const item = container[key];
      if (typeof item === 'string') {
        path.push(key);
        const value = interpolateText(item, path);
        if (value !== item) setKey(container, key, value);
        path.pop();
      } else if (typeof item === 'object' && item !== null) {
        path.push(key);
        visit(item as RawMapping | unknown[], path);
        path.pop();
      }
    }
  };

  visit(model, []);
  bag.throwIfAny();
  return model;
}
