/**
 * Validates a compose model (merged, interpolated, de-duplicated) against the
 * Compose JSON Schema and reports user-facing diagnostics. The validator is
 * ajv code generated at build time (scripts/build-schema.ts), so no schema is
 * compiled when the CLI starts.
 */
import { validate as generatedValidate } from '../generated/compose-validator.js';
import type { Diagnostic, SourcePosition } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { describeSchemaError } from './schema/error-messages.js';
import { selectSchemaErrors } from './schema/error-selection.js';
import type { SchemaError } from './schema/schema-error.js';

interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

const runSchema = generatedValidate as unknown as GeneratedValidator;

export interface ValidateModelOptions {
  /** Where a path of the model was written (the loader passes its `Locator`). */
  readonly locate?: (path: KeyPath) => SourcePosition | undefined;
  /** The file being validated, for errors whose position is unknown. */
  readonly file?: string;
}

/** The model's schema errors, most relevant first per place; empty when the model is valid. */
export function validateModel(model: unknown, options: ValidateModelOptions = {}): Diagnostic[] {
  if (runSchema(model)) return [];
  const errors = runSchema.errors ?? [];
  return selectSchemaErrors(errors).map((selected) => {
    const described = describeSchemaError(selected, model);
    const position = options.locate?.(described.focus) ?? options.locate?.(described.path);
    return {
      severity: 'error',
      code: described.code,
      message: described.message,
      path: described.path,
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(position ? { position } : {}),
      ...(described.hint !== undefined ? { hint: described.hint } : {}),
    };
  });
}
