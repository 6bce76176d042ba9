import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The shared corpus of real compose files lives beside the project checkout
 * (`../shared/corpus`). TSCOMPOSE_CORPUS may point elsewhere. A missing corpus
 * is a failure, never a silent skip: the corpus tests are part of the contract.
 */
export function corpusRoot(): string {
  const candidates = [
    process.env.TSCOMPOSE_CORPUS,
    resolve(import.meta.dirname, '../../../shared/corpus'),
    '/work/shared/corpus',
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(join(candidate, 'SOURCES.md')));
  if (!found) {
    throw new Error(
      `compose corpus not found (looked in ${candidates.join(', ')}); set TSCOMPOSE_CORPUS`,
    );
  }
  return found;
}

/** Every compose file of the corpus (YAML files, `.yml.example` included), relative to its root. */
export function corpusComposeFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml(\.example)?$/.test(name)) files.push(relative(root, path));
    }
  };
  walk(root);
  return files.sort();
}
