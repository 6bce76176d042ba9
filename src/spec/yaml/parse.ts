import { LineCounter, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import { runOptimized } from '../cold-pass.js';
import { ComposeError, DiagnosticBag } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { lineLocator, SourceMap, type OffsetLocator } from '../source-map.js';
import type { SyntaxDocument } from './ast.js';
import { DocumentDecoder } from './decode.js';
import { DirectOutput } from './direct-output.js';
import { readBlockDocument } from './fast-parse.js';
import { fromYamlDocument } from './from-yaml-package.js';
import { fastParse } from './tree-output.js';

/** One YAML document of a compose file, decoded to plain data. */
export interface ParsedDocument {
  file: string;
  /** 0-based position of the document in a multi-document stream. */
  index: number;
  /** `undefined` for an empty or comment-only document (it contributes nothing). */
  model: RawMapping | undefined;
  sourceMap: SourceMap;
  /** Paths tagged `!reset` (already removed from `model`). */
  resets: KeyPath[];
  /** Paths tagged `!override` (kept in `model`). */
  overrides: KeyPath[];
}

/**
 * YAML 1.2 core (so `yes`/`on` stay strings and `80:80` is not base 60);
 * duplicate keys, merge keys, integer quirks and tags are handled by
 * `DocumentDecoder`, which walks the syntax tree itself.
 */
const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: true,
  uniqueKeys: false,
  keepSourceTokens: false,
  // The decoder expands aliases itself, with its own limit.
  maxAliasCount: -1,
} as const;

/** The `yaml` package appends "at line L, column C:" and a code excerpt; the position is kept separately. */
function shortMessage(error: YAMLError): string {
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

function syntaxErrors(document: Document.Parsed, file: string, bag: DiagnosticBag): void {
  for (const error of document.errors) {
    const start = error.linePos?.[0];
    bag.error({
      code: 'yaml.syntax',
      message: shortMessage(error),
      file,
      ...(start ? { position: { file, line: start.line, column: start.col } } : {}),
    });
  }
}

function decodeDocument(
  syntax: SyntaxDocument,
  locateOffset: OffsetLocator,
  file: string,
  index: number,
): ParsedDocument {
  const decoder = new DocumentDecoder(syntax, new SourceMap(file, locateOffset));
  const decoded = decoder.decode();
  const root = syntax.root;
  if (decoded.value !== null && !isMapping(decoded.value)) {
    throw ComposeError.of({
      code: 'yaml.top-level',
      message: 'top-level object must be a mapping',
      file,
      ...(root ? { position: decoded.sourceMap.positionAt(root.offset) } : {}),
    });
  }
  return {
    file,
    index,
    model: decoded.value === null ? undefined : decoded.value,
    sourceMap: decoded.sourceMap,
    resets: decoded.resets,
    overrides: decoded.overrides,
  };
}

/** Most compose files: read and decoded in one pass (`DirectOutput`), or `undefined`. */
function decodeDirectly(
  text: string,
  locateOffset: OffsetLocator,
  file: string,
): ParsedDocument | undefined {
  const sourceMap = new SourceMap(file, locateOffset);
  const model = readBlockDocument(text, new DirectOutput(sourceMap));
  if (model === undefined) return undefined;
  return { file, index: 0, model: model as RawMapping, sourceMap, resets: [], overrides: [] };
}

/**
 * Parses every document of a compose file. Throws a `ComposeError` with the
 * file and position for syntax errors, duplicate keys, non-string keys and a
 * non-mapping top level.
 */
export function parseComposeYaml(text: string, file: string): ParsedDocument[] {
  const locateOffset = lineLocator(text);
  // The scanner's loops over characters are worth optimizing even in a cold pass.
  const direct = runOptimized(() => decodeDirectly(text, locateOffset, file));
  if (direct !== undefined) return [direct];
  // Anchors, aliases, tags, merge keys: a syntax tree first, then the decoder.
  const syntax = runOptimized(() => fastParse(text));
  if (syntax !== undefined) {
    try {
      return [decodeDocument(syntax, locateOffset, file, 0)];
    } catch (error) {
      // Errors are reported by the general path, worded and placed exactly as it
      // always has (the fast parser only ever handles valid-looking documents).
      if (!(error instanceof ComposeError)) throw error;
    }
  }
  return parseWithYamlPackage(text, file);
}

/** The general path: any YAML the `yaml` package reads, and its error messages (exported for the differential tests). */
export function parseWithYamlPackage(text: string, file: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const bag = new DiagnosticBag();
  for (const document of documents) syntaxErrors(document, file, bag);
  bag.throwIfAny();
  if (documents.length === 0) {
    return [
      {
        file,
        index: 0,
        model: undefined,
        sourceMap: new SourceMap(file, (offset) => lineCounter.linePos(offset)),
        resets: [],
        overrides: [],
      },
    ];
  }
  const locateOffset = (offset: number) => lineCounter.linePos(offset);
  return documents.map((document, index) =>
    decodeDocument(fromYamlDocument(document), locateOffset, file, index),
  );
}
