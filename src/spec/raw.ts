/** A YAML mapping as loaded, before normalization: plain JSON-like data. */
export type RawMapping = Record<string, unknown>;

export function isMapping(value: unknown): value is RawMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
