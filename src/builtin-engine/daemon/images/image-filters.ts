/**
 * `GET /images/json?filters=`: reference (Docker's glob over the familiar
 * name, with or without tag; it also narrows the RepoTags/RepoDigests
 * shown), dangling (no tag), label, before and since (created before/after
 * another image).
 */
import type { ApiFilters } from '../../ports.js';
import { EngineApiError } from '../../ports.js';
import { familiarReference, isDigestReference, type StoredImage } from '../../store/index.js';
import { parseImageReference } from '../../../images/reference.js';
import { booleanFilter, checkFilterKeys, matchLabels } from '../filters.js';
import { createdSeconds, imageNames, type ImageNames } from './image-shapes.js';

/** Go's path.Match as a regular expression: `*` and `?` stop at `/`, `[…]` classes. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += (pattern[index] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end < 0) throw new EngineApiError(400, `invalid reference filter: ${pattern}`);
      const body = pattern.slice(index + 1, end).replace(/\\/g, '\\\\');
      source += `[${body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
      index = end;
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Docker's FamiliarMatch: the pattern against `busybox:latest`, then against `busybox`. */
export function referenceMatches(pattern: string, normalized: string): boolean {
  const regexp = globToRegExp(pattern);
  const familiar = familiarReference(normalized);
  if (regexp.test(familiar)) return true;
  return regexp.test(parseImageReference(normalized).familiarName);
}

export interface ListedImage {
  readonly image: StoredImage;
  readonly names: ImageNames;
}

export function filterImages(
  images: readonly StoredImage[],
  filters: ApiFilters,
  lookup: (name: string) => StoredImage | undefined,
): ListedImage[] {
  checkFilterKeys(filters, ['before', 'dangling', 'label', 'reference', 'since']);
  const dangling = booleanFilter(filters, 'dangling');
  const patterns = filters.get('reference') ?? [];
  const bound = (key: string): number | undefined => {
    const values = filters.get(key) ?? [];
    if (values.length === 0) return undefined;
    const times = values.map((name) => {
      const image = lookup(name);
      if (image === undefined) throw new EngineApiError(404, `No such image: ${name}`);
      return createdSeconds(image);
    });
    return key === 'before' ? Math.min(...times) : Math.max(...times);
  };
  const before = bound('before');
  const since = bound('since');
  const listed: ListedImage[] = [];
  for (const image of images) {
    const references =
      patterns.length === 0
        ? image.references
        : image.references.filter((reference) =>
            patterns.some((pattern) => referenceMatches(pattern, reference)),
          );
    if (patterns.length > 0 && references.length === 0) continue;
    const hasTag = references.some((reference) => !isDigestReference(reference));
    if (dangling !== undefined && dangling === hasTag) continue;
    if (!matchLabels(filters, image.config.config?.Labels)) continue;
    const created = createdSeconds(image);
    if (before !== undefined && created >= before) continue;
    if (since !== undefined && created <= since) continue;
    listed.push({ image, names: imageNames(references) });
  }
  return listed;
}
