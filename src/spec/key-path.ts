/**
 * A key path names one place in a compose model: `['services', 'web', 'ports', 1]`
 * is rendered `services.web.ports[1]`, the form every user-facing message uses.
 */
export type KeyPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    // Keys with dots or spaces (labels such as `com.example.x`) are quoted so the
    // path stays unambiguous.
    else text += text === '' ? JSON.stringify(segment) : `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** Stable string key for maps indexed by path (not for display). */
export function keyPathId(path: KeyPath): string {
  return JSON.stringify(path);
}
