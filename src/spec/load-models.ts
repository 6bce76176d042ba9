import { dirname } from 'node:path';
import { ComposeError, type WarningSink } from './diagnostics.js';
import { applyExtends } from './extends.js';
import { loadIncludes } from './include.js';
import { interpolateModelInPlace } from './interpolate.js';
import { applyResets, enforceUnicityOwned, mergeModels } from './merge/index.js';
import { Locator } from './source-map.js';
import { isMapping, type RawMapping } from './raw.js';
import { readTextFile } from './sources.js';
import { validateModel } from './validate.js';
import { parseComposeYaml, type ParsedDocument } from './yaml.js';

/** What every stage of loading one set of files shares. */
export interface ModelLoadContext {
  /** The interpolation environment (shell + env files + COMPOSE_PROJECT_NAME). */
  readonly environment: Record<string, string>;
  /** Directory that relative paths and `include` entries resolve against. */
  readonly projectDir: string;
  readonly interpolate: boolean;
  readonly locator: Locator;
  readonly warn: WarningSink;
  readonly readStdin: () => string;
  /** Files of the `include` chain that led here, outermost first (cycle detection). */
  readonly includeChain: readonly string[];
}

/**
 * A compose file already parsed, so callers can peek (e.g. at `name:`) before
 * loading. Loading takes its documents' models over (interpolation updates them
 * in place); `text` can decode them again as written.
 */
export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly documents: readonly ParsedDocument[];
}

export function parseFiles(paths: readonly string[], readStdin: () => string): ParsedFile[] {
  return paths.map((path) => {
    const text = readTextFile(path, readStdin);
    return { path, text, documents: parseComposeYaml(text, path) };
  });
}

/**
 * Loads files the way compose-go does, document by document: interpolate, apply
 * `include`, apply the document's `!reset`/`!override` to what came before, resolve
 * `extends`, merge, de-duplicate, and validate the accumulated model against the
 * schema after each document (so an override that completes a partial entry is valid).
 */
export function loadModels(files: readonly ParsedFile[], context: ModelLoadContext): RawMapping {
  let merged: RawMapping = {};
  let sawDocument = false;
  for (const file of files) {
    for (const document of file.documents) {
      context.locator.add(document.sourceMap);
      if (!document.model) continue;
      sawDocument = true;
      let model = interpolateDocument(document.model, file.path, context);
      model = loadIncludes(model, { ...context, file: file.path, resets: document }, loadModels);
      merged = applyResets(merged, document);
      model = applyExtends(model, {
        file: file.path,
        loadFile: (path) => loadExtendsSource(path, context),
        tags: document,
        warn: context.warn,
        // The parsed document is this loop's own (see `ParsedFile`).
        ownsModel: true,
      });
      // `model` is now ours either way (resolved in place, or a copy). Merging it
      // onto nothing would only copy it again: a big single file paid twice.
      const fresh = Object.keys(merged).length === 0 ? model : mergeModels(merged, model);
      merged = validated(fresh, file.path, context);
    }
  }
  if (!sawDocument) {
    throw ComposeError.of({
      code: 'compose.empty',
      message: 'empty compose file',
      file: files[0]?.path,
    });
  }
  return merged;
}

/**
 * De-duplicates list entries and validates against the schema. When the
 * de-duplication trips over a malformed entry (a number where a string belongs),
 * the schema's message for the same place is the clearer one, so it wins.
 */
function validated(model: RawMapping, file: string, context: ModelLoadContext): RawMapping {
  const validate = (candidate: RawMapping) =>
    validateModel(candidate, { locate: (path) => context.locator.locate(path), file });
  let unique: RawMapping;
  try {
    // `model` is the fresh result of `mergeModels` (it never shares containers
    // with its inputs), so it is de-duplicated in place instead of copied twice.
    unique = enforceUnicityOwned(model);
  } catch (error) {
    const schemaErrors = error instanceof ComposeError ? validate(model) : [];
    throw schemaErrors.length > 0 ? new ComposeError(schemaErrors) : error;
  }
  const errors = validate(unique);
  if (errors.length > 0) throw new ComposeError(errors);
  return unique;
}

function interpolateDocument(
  model: RawMapping,
  file: string,
  context: ModelLoadContext,
): RawMapping {
  if (!context.interpolate) return model;
  return interpolateModelInPlace(model, {
    lookup: lookupIn(context.environment),
    file,
    locate: (path) => context.locator.locate(path),
    warn: context.warn,
  });
}

/**
 * The file named by `extends.file`: parsed with the same environment, without
 * validation, includes or normalization. Several documents merge like `-f` files.
 */
function loadExtendsSource(path: string, context: ModelLoadContext) {
  const documents = parseComposeYaml(readTextFile(path, context.readStdin), path);
  let model: RawMapping = {};
  const resets = [];
  const overrides = [];
  for (const document of documents) {
    context.locator.add(document.sourceMap);
    if (!document.model) continue;
    model = mergeModels(model, interpolateDocument(document.model, path, context));
    resets.push(...document.resets);
    overrides.push(...document.overrides);
  }
  if (!isMapping(model.services)) model.services = {};
  return { model, resets, overrides, dir: dirname(path) };
}

/** A lookup over an environment object that never answers from Object.prototype (`constructor`). */
export function lookupIn(
  environment: Readonly<Record<string, string>>,
): (name: string) => string | undefined {
  return (name) => (Object.hasOwn(environment, name) ? environment[name] : undefined);
}
