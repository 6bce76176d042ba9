/**
 * `spec.split(':')` for a short volume spec that no special rule applies to: no
 * `$` (so no `${...}` whose default may hold a colon) and no one-character field
 * before a `:` (so no drive letter such as `C:`, nor `𝐀:`). `undefined` otherwise, and the
 * caller splits character by character. Nearly every spec (`./conf:/etc/app:ro`,
 * `data:/data`) is plain, and a split is much cheaper than that loop.
 */
export function splitPlainSpec(spec: string): string[] | undefined {
  if (spec.indexOf('$') !== -1) return undefined;
  const fields = spec.split(':');
  for (let i = 0; i < fields.length - 1; i++) {
    const field = fields[i]!;
    // One character, or one astral character (a surrogate pair): maybe a letter.
    if (field.length === 1) return undefined;
    if (field.length === 2 && (field.charCodeAt(0) & 0xfc00) === 0xd800) return undefined;
  }
  return fields;
}
