import type { SourcePosition, WarningSink } from '../diagnostics.js';
import { DiagnosticBag } from '../diagnostics.js';
import type { KeyPath } from '../key-path.js';

/** What every normalizer receives: where to put errors and warnings, and how to find their place. */
export interface NormalizeContext {
  readonly errors: DiagnosticBag;
  readonly warn: WarningSink;
  readonly locate?: (path: KeyPath) => SourcePosition | undefined;
}

export function createContext(
  warn: WarningSink,
  locate?: (path: KeyPath) => SourcePosition | undefined,
): NormalizeContext {
  return { errors: new DiagnosticBag(), warn, locate };
}

export function reportError(
  context: NormalizeContext,
  path: KeyPath,
  code: string,
  message: string,
): void {
  const position = context.locate?.(path);
  context.errors.error({
    code,
    message,
    path,
    ...(position ? { position, file: position.file } : {}),
  });
}

export function reportWarning(
  context: NormalizeContext,
  path: KeyPath,
  code: string,
  message: string,
): void {
  const position = context.locate?.(path);
  context.warn({
    severity: 'warning',
    code,
    message,
    path,
    ...(position ? { position, file: position.file } : {}),
  });
}
