import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { cloneRaw, hasKey, setKey } from './raw-utils.js';

/** The tag paths recorded while decoding one document. */
export interface RecordedTags {
  resets: readonly KeyPath[];
  overrides: readonly KeyPath[];
}

/**
 * A copy of `mapping` without the key at `path`. Only mapping keys can be
 * removed: a path through a sequence (a tagged list item) or through a scalar
 * leaves the model unchanged, as in compose-go.
 */
function withoutPath(mapping: RawMapping, path: KeyPath): RawMapping {
  const [head, ...rest] = path;
  if (typeof head !== 'string' || !hasKey(mapping, head)) return mapping;
  const copy: RawMapping = { ...mapping };
  if (rest.length === 0) {
    delete copy[head];
    return copy;
  }
  const child = mapping[head];
  if (!isMapping(child)) return mapping;
  setKey(copy, head, withoutPath(child, rest));
  return copy;
}

/**
 * Applies a document's `!reset` and `!override` paths to the model accumulated
 * from earlier files (§6.4): both remove the key, so the document's own value
 * (if any) is then merged onto nothing and taken as written.
 */
export function applyResets(model: RawMapping, doc: RecordedTags): RawMapping {
  let result = cloneRaw(model);
  for (const path of [...doc.resets, ...doc.overrides]) {
    if (path.length > 0) result = withoutPath(result, path);
  }
  return result;
}
