import type { KeyPath } from '../key-path.js';

/** A dotted pattern such as `services.*.ports`; `*` matches any single key or index. */
export type PathPattern = readonly string[];

export function pathPattern(text: string): PathPattern {
  return text.split('.');
}

/** compose-go prints paths dot-joined (`services.web.ports`) in merge messages. */
export function dottedPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text;
}
