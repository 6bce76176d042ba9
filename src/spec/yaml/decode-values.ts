import type { KeyPath } from '../key-path.js';
import type { ScalarNode, SyntaxNode } from './ast.js';
import { resolvePlainScalar } from './scalars.js';

/** Small pieces of the decoder: scalar values, key checks, paths and message texts. */

export const RESET_TAG = '!reset';
export const OVERRIDE_TAG = '!override';

/**
 * A key path built while walking down, as a linked list: most paths are never
 * needed as arrays (only for `!reset`/`!override` and error messages).
 */
export interface PathLink {
  readonly parent: PathLink | null;
  readonly segment: string | number;
}

export function toKeyPath(link: PathLink | null): KeyPath {
  const path: (string | number)[] = [];
  for (let at = link; at !== null; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/** Renders a parent path the way compose-go's key conversion does: `services.x.ports[0]`. */
export function goStylePath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Go's `%v` of a decoded key, for the non-string key message. */
export function goValueText(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `<<` written plain and untagged. */
export function isMergeKey(key: SyntaxNode | null): boolean {
  return (
    key !== null &&
    key.kind === 'scalar' &&
    key.plain &&
    key.source === '<<' &&
    key.tag === undefined
  );
}

/** A mapping or sequence node (as a key, it is a "complex key"). */
export function isCollection(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'map' || kind === 'seq';
}

/** Plain untagged scalars follow go-yaml's resolution; others keep the parser's value. */
export function decodeScalar(node: ScalarNode): unknown {
  const explicitTag = node.tag !== undefined && node.tag !== OVERRIDE_TAG;
  if (node.plain && !explicitTag) return resolvePlainScalar(node.source);
  return node.value ?? null;
}
