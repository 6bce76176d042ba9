import { isMapping, type RawMapping } from '../raw.js';

/**
 * `secrets`/`configs`/`build.secrets` items: `"name"` → `{source: name}`.
 * Service secrets get the default mount target `/run/secrets/<source>` (§10.3);
 * configs get none here (the runtime mounts them at `/<source>`).
 */
export function normalizeFileRefs(
  value: unknown,
  defaultTarget?: (source: string) => string,
): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    const entry: RawMapping = isMapping(item) ? { ...item } : { source: String(item) };
    if (defaultTarget && entry.target === undefined && typeof entry.source === 'string') {
      entry.target = defaultTarget(entry.source);
    }
    return entry;
  });
}

/** `env_file: "a.env"` / `["a.env"]` / long items → `[{path, required: true, format?}]`. */
export function normalizeEnvFiles(value: unknown): unknown {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items)) return value;
  return items.map((item) => {
    if (!isMapping(item)) return { path: String(item), required: true };
    return { ...item, required: item.required ?? true };
  });
}
