import type { PairNode, ScalarNode } from './ast.js';

/**
 * The first key of a mapping written the same as an earlier one (compared as
 * written, like go-yaml: `1` and `"1"` clash), with that earlier key.
 */
export function firstDuplicateKey(
  pairs: readonly PairNode[],
): { key: ScalarNode; first: ScalarNode } | undefined {
  const count = pairs.length;
  if (count < 2) return undefined;
  if (count <= 16) {
    // Small mappings (nearly all of them): a pairwise scan allocates nothing.
    for (let i = 1; i < count; i++) {
      const key = pairs[i]!.key;
      if (key === null || key.kind !== 'scalar') continue;
      for (let j = 0; j < i; j++) {
        const earlier = pairs[j]!.key;
        if (earlier !== null && earlier.kind === 'scalar' && earlier.source === key.source) {
          return { key, first: earlier };
        }
      }
    }
    return undefined;
  }
  const seen = new Map<string, ScalarNode>();
  for (const pair of pairs) {
    const key = pair.key;
    if (key === null || key.kind !== 'scalar') continue;
    const earlier = seen.get(key.source);
    if (earlier !== undefined) return { key, first: earlier };
    seen.set(key.source, key);
  }
  return undefined;
}
