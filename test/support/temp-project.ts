import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];
afterEach(() => {
  while (created.length > 0) rmSync(created.pop()!, { recursive: true, force: true });
});

/**
 * Writes a throwaway project (relative path → content) under a fresh temporary
 * directory, removed after the test, and returns that directory.
 */
export function tempProject(files: Record<string, string>, name = 'proj'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'tscompose-test-')), name);
  created.push(dirname(root));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
