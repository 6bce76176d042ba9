import { formatKeyPath, type KeyPath } from './key-path.js';

/** Where a value was written: 1-based line and column, as editors count them. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * One problem found in the user's input. Loader stages return or collect these
 * (validation returns data); only the top of the loader turns errors into a thrown
 * `ComposeError`.
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** Machine-readable kind, e.g. `yaml.duplicate-key`, `schema.type`, `interpolate.required`. */
  readonly code: string;
  /** One sentence for the user, without the location (the renderer adds it). */
  readonly message: string;
  /** The key path in the model, when the problem concerns a value. */
  readonly path?: KeyPath;
  /** The file, when known; `position` is more precise when the line is known. */
  readonly file?: string;
  readonly position?: SourcePosition;
  /** A short suggestion: "did you mean `ports`?". */
  readonly hint?: string;
}

/** Receives warnings as they are found; the CLI prints them, library callers may collect them. */
export type WarningSink = (warning: Diagnostic) => void;

/** Renders `file:line:col: services.web.ports[1]: message (hint)` — the one format of every message. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.position
    ? `${diagnostic.position.file}:${diagnostic.position.line}:${diagnostic.position.column}`
    : diagnostic.file;
  const parts: string[] = [];
  if (where) parts.push(where);
  if (diagnostic.path && diagnostic.path.length > 0) parts.push(formatKeyPath(diagnostic.path));
  parts.push(diagnostic.message);
  let text = parts.join(': ');
  if (diagnostic.hint) text += ` (${diagnostic.hint})`;
  return text;
}

/** Exit codes of the CLI, the same as Docker Compose's; README.md documents them. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  /** No compose file found, or a file named by -f / include / extends is missing. */
  fileNotFound: 14,
  /** The configuration is invalid (YAML, interpolation, schema, consistency). */
  invalidConfig: 15,
  /** Bad command line: unknown flag, missing argument, conflicting flags. */
  usage: 16,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The loader's only thrown error: every problem found, each with its place. */
export class ComposeError extends Error {
  readonly code = 'compose.invalid';

  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ComposeError';
  }

  /**
   * As Docker Compose exits: 14 when every problem is a missing file (codes
   * `file.*`), 16 when every problem is in the command line (`usage.*`), else 15.
   */
  get exitCode(): ExitCode {
    const all = (prefix: string) =>
      this.diagnostics.every((diagnostic) => diagnostic.code.startsWith(prefix));
    if (all('file.')) return ExitCode.fileNotFound;
    if (all('usage.')) return ExitCode.usage;
    return ExitCode.invalidConfig;
  }

  static of(diagnostic: Omit<Diagnostic, 'severity'>): ComposeError {
    return new ComposeError([{ severity: 'error', ...diagnostic }]);
  }
}

/** Collects errors across a stage so that several are reported together. */
export class DiagnosticBag {
  readonly errors: Diagnostic[] = [];

  error(diagnostic: Omit<Diagnostic, 'severity'>): void {
    this.errors.push({ severity: 'error', ...diagnostic });
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** Throws a `ComposeError` holding every error collected so far, if any. */
  throwIfAny(): void {
    if (this.errors.length > 0) throw new ComposeError(this.errors);
  }
}

/**
 * Gives every diagnostic that names a key path but no position the position of
 * that path (stages deep in the loader know the path, not the file).
 */
export function withPositions(
  diagnostic: Diagnostic,
  locate: (path: KeyPath) => SourcePosition | undefined,
): Diagnostic {
  if (diagnostic.position || !diagnostic.path) return diagnostic;
  const position = locate(diagnostic.path);
  return position ? { ...diagnostic, position } : diagnostic;
}
