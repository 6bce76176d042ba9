/**
 * The files of a build context that survive `.dockerignore`, in the order
 * Docker's archiver sends them (a depth-first walk, each directory's entries
 * sorted by name, a directory before its content). An excluded directory is
 * not sent; it is still entered when an exception pattern could bring
 * something inside it back (`IgnoreMatcher.mayReinclude`). Symbolic links
 * are sent as links, never followed; sockets and devices are left out.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { IgnoreMatcher } from './dockerignore.js';

export type ContextEntry =
  | { readonly kind: 'directory'; readonly name: string; readonly stats: Stats }
  | {
      readonly kind: 'file';
      readonly name: string;
      readonly stats: Stats;
      /** Absolute path to read the content from. */
      readonly source: string;
    }
  | {
      readonly kind: 'symlink';
      readonly name: string;
      readonly stats: Stats;
      readonly target: string;
    };

/** A file the walk could not read: Docker refuses such a context too ("can't stat", "no permission"). */
export class BuildContextError extends Error {
  override readonly name = 'BuildContextError';
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function unreadable(path: string, error: unknown): BuildContextError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const why =
    code === 'EACCES' || code === 'EPERM' ? 'no permission to read' : `cannot read (${code})`;
  return new BuildContextError(`build context: ${why} ${path}`, path, { cause: error });
}

async function entryOf(
  absolute: string,
  name: string,
  stats: Stats,
): Promise<ContextEntry | undefined> {
  if (stats.isDirectory()) return { kind: 'directory', name, stats };
  if (stats.isFile()) return { kind: 'file', name, stats, source: absolute };
  if (stats.isSymbolicLink()) {
    return { kind: 'symlink', name, stats, target: await readlink(absolute) };
  }
  return undefined;
}

/** `skip`: names (relative to the context) the caller sends itself, e.g. a rewritten `.dockerignore`. */
export async function walkContext(
  contextDir: string,
  matcher: IgnoreMatcher,
  skip: ReadonlySet<string> = new Set(),
): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];
  const visit = async (relativeDir: string): Promise<void> => {
    const absoluteDir = relativeDir === '' ? contextDir : join(contextDir, relativeDir);
    let names: string[];
    try {
      names = (await readdir(absoluteDir)).sort();
    } catch (error) {
      throw unreadable(absoluteDir, error);
    }
    for (const base of names) {
      const name = relativeDir === '' ? base : `${relativeDir}/${base}`;
      const absolute = join(absoluteDir, base);
      let stats: Stats;
      try {
        stats = await lstat(absolute);
      } catch (error) {
        throw unreadable(absolute, error);
      }
      const excluded = skip.has(name) || matcher.excludes(name);
      if (excluded) {
        if (stats.isDirectory() && matcher.mayReinclude(name)) await visit(name);
        continue;
      }
      const entry = await entryOf(absolute, name, stats);
      if (entry) entries.push(entry);
      if (stats.isDirectory()) await visit(name);
    }
  };
  await visit('');
  return entries;
}
