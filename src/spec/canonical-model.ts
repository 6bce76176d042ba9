import type { SourcePosition, WarningSink } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { toCanonicalModel } from './normalize/index.js';
import { resolveRelativePaths } from './paths.js';
import type { RawMapping } from './raw.js';

/**
 * From the merged, validated model to its long-syntax form: drop the obsolete
 * `version` (with compose's warning), convert short syntax, resolve relative paths.
 */
export function canonicalizeModel(
  merged: RawMapping,
  options: {
    projectDir: string;
    resolvePaths: boolean;
    locate: (path: KeyPath) => SourcePosition | undefined;
    warn: WarningSink;
  },
): RawMapping {
  const { version, ...withoutVersion } = merged;
  if (version !== undefined) {
    options.warn({
      severity: 'warning',
      code: 'compose.version-obsolete',
      message:
        'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
      path: ['version'],
      position: options.locate(['version']),
    });
  }
  const canonical = toCanonicalModel(withoutVersion, {
    warn: options.warn,
    locate: options.locate,
  });
  return options.resolvePaths ? resolveRelativePaths(canonical, options.projectDir) : canonical;
}
