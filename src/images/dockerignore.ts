/**
 * `.dockerignore` with Docker's exact semantics. Matching itself is
 * `@balena/dockerignore` (a port of moby's patternmatcher: `*` and `?` stop at
 * `/`, `**` spans directories, a pattern also excludes everything under a
 * directory it matches, the last matching pattern wins, `!` re-includes),
 * used case-sensitively as Docker is. Around it, written from the Docker CLI
 * and moby's archive package:
 *
 * - reading (moby/patternmatcher/ignorefile `ReadAll`): UTF-8 BOM dropped,
 *   lines starting with `#` are comments (only at column 0), surrounding
 *   space trimmed, `path.Clean`ed, a leading `/` dropped;
 * - which file (BuildKit): `<Dockerfile name>.dockerignore` next to the
 *   Dockerfile wins over `<context>/.dockerignore`;
 * - the Dockerfile and `.dockerignore` are always sent (`TrimBuildFilesFromExcludes`:
 *   an exclusion for each is appended when the patterns would drop them;
 *   the daemon then leaves them out of `COPY`);
 * - walking (go-archive `Tarballer.Do`): an excluded directory is still
 *   entered when some `!` pattern starts with its path, so that exception
 *   can bring a file back; otherwise it is skipped whole.
 */
import balenaDockerignore from '@balena/dockerignore';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';

// A CommonJS module whose typings declare an ES default export; it also sets
// `module.exports.default` to itself, so this works under Node and esbuild alike.
const createIgnore = balenaDockerignore.default;

export const DOCKERIGNORE = '.dockerignore';

/** A pattern Docker refuses (`!` alone, an unclosed `[`): the build fails, as with Docker. */
export class DockerignoreError extends Error {
  override readonly name = 'DockerignoreError';
  constructor(
    readonly pattern: string,
    reason: string,
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${reason}: "${pattern}"`);
  }
}

/** Go's `filepath.Clean` on a slash path: `./a/`, `a//b/../c` → `a`, `a/c`; empty → `.`. */
export function cleanPath(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? normalized.replace(/\/$/, '') : normalized;
}

/** The patterns of a `.dockerignore` text, in order, as Docker keeps them (`!` kept as a prefix). */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/**
 * The CLI's `TrimBuildFilesFromExcludes`: when the patterns would exclude
 * `.dockerignore` or the Dockerfile (path relative to the context), an
 * exception for it is appended, so both always reach the daemon.
 */
export function keepBuildFiles(
  patterns: readonly string[],
  dockerfile: string | undefined,
): string[] {
  const result = [...patterns];
  if (createMatcher(result).excludes(DOCKERIGNORE)) result.push(`!${DOCKERIGNORE}`);
  if (dockerfile === undefined) return result;
  const name = cleanPath(dockerfile);
  if (createMatcher(result).excludes(name)) result.push(`!${name}`);
  return result;
}

export interface IgnoreMatcher {
  readonly patterns: readonly string[];
  /** True when `path` (relative to the context, `/`-separated) is left out of the context. */
  excludes(path: string): boolean;
  /**
   * For an excluded directory: true when it must still be walked because an
   * exception pattern starts with its path (`!dir/keep` for `dir`).
   */
  mayReinclude(directory: string): boolean;
}

/**
 * A pattern balena would read differently from Docker's list: a leading `#`
 * would be a comment to it, a `!` with nothing after it a rule. A leading `/`
 * is dropped by both, so it protects a literal `#`.
 */
function forBalena(pattern: string): string | undefined {
  const invert = pattern.startsWith('!');
  const body = invert ? pattern.slice(1) : pattern;
  if (body === '') return undefined;
  const safe = body.startsWith('#') ? `/${body}` : body;
  return invert ? `!${safe}` : safe;
}

/** Throws `DockerignoreError` for the patterns Docker rejects (moby/patternmatcher `New`). */
export function createMatcher(patterns: readonly string[], file?: string): IgnoreMatcher {
  const ignore = createIgnore({ ignorecase: false });
  for (const pattern of patterns) {
    if (pattern === '!') throw new DockerignoreError(pattern, 'illegal exclusion pattern', file);
  }
  const rules = patterns.map(forBalena).filter((p): p is string => p !== undefined);
  ignore.add(rules);
  try {
    // Compiles every rule now, so a bad pattern fails here and not in the middle of a walk.
    ignore.ignores('.');
  } catch {
    const bad = rules.find((rule) => {
      try {
        createIgnore({ ignorecase: false }).add(rule).ignores('.');
        return false;
      } catch {
        return true;
      }
    });
    throw new DockerignoreError(bad ?? patterns.join(' '), 'syntax error in pattern', file);
  }
  const exceptions = patterns
    .filter((p) => p.startsWith('!') && p.length > 1)
    .map((p) => `${p.slice(1)}/`);
  return {
    patterns,
    excludes: (path) => rules.length > 0 && ignore.ignores(path),
    mayReinclude: (directory) => {
      const prefix = `${directory}/`;
      return exceptions.some((exception) => exception.startsWith(prefix));
    },
  };
}

export interface IgnoreFile {
  /** Absolute path of the file used; undefined when there is none. */
  readonly file?: string;
  /** Its text as written ('' when there is no file). */
  readonly text: string;
  readonly patterns: readonly string[];
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * The ignore file of a build: `<dockerfile>.dockerignore` beside the
 * Dockerfile when it exists, else `<context>/.dockerignore`, else none.
 * `dockerfile` is absolute, or undefined for an inline Dockerfile.
 */
export async function readIgnoreFile(
  contextDir: string,
  dockerfile: string | undefined,
): Promise<IgnoreFile> {
  const candidates = [
    ...(dockerfile ? [join(dirname(dockerfile), `${basename(dockerfile)}${DOCKERIGNORE}`)] : []),
    join(contextDir, DOCKERIGNORE),
  ];
  for (const file of candidates) {
    const text = await readIfExists(file);
    if (text !== undefined) return { file, text, patterns: parseDockerignore(text) };
  }
  return { text: '', patterns: [] };
}
