import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];
const removeAll = (dirs: string[]) => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
};
afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));

/**
 * Writes a throwaway project (relative path → content) under a fresh temporary
 * directory, removed after the test (or after the file, for a project made in
 * `beforeAll`), and returns that directory.
 */
export function tempProject(
  files: Record<string, string>,
  name = 'proj',
  lifetime: 'test' | 'file' = 'test',
): string {
  const root = join(mkdtempSync(join(tmpdir(), 'tscompose-test-')), name);
  (lifetime === 'test' ? perTest : perFile).push(dirname(root));
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
