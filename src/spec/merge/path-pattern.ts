import type { KeyPath } from '../key-path.js';

/** A dotted pattern such as `services.*.ports`; `*` matches any single key or index. */
export type PathPattern = readonly string[];

export function pathPattern(text: string): PathPattern {
  return text.split('.');
}

export function matchesPattern(path: KeyPath, pattern: PathPattern): boolean {
  if (path.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    if (part !== '*' && part !== path[i]) return false;
  }
  return true;
}

/** Finds the entry whose pattern matches `path` in a small rule table. */
export function findRule<T>(
  rules: readonly (readonly [PathPattern, T])[],
  path: KeyPath,
): T | undefined {
  for (const [pattern, rule] of rules) if (matchesPattern(path, pattern)) return rule;
  return undefined;
}

/** compose-go prints paths dot-joined (`services.web.ports`) in merge messages. */
export function dottedPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text;
}
