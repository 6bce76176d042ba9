/**
 * Which host paths count for a watch rule. A path is left out when it matches
 * the service's build-context `.dockerignore` (relative to the context), an
 * editor's temporary file, a `.git`/`.idea` directory, or the rule's own
 * `ignore` (relative to the rule's path); with `include`, only matching paths
 * count. Patterns use Docker's `.dockerignore` semantics (images/dockerignore.ts),
 * so build and sync leave out the same files.
 */
import { basename, isAbsolute, relative, sep } from 'node:path';
import { createMatcher, type IgnoreMatcher } from '../images/dockerignore.js';
import type { WatchRule } from './types.js';

/** The `.dockerignore` that applies to a service: its patterns and the directory they are relative to. */
export interface ContextIgnore {
  readonly contextDir: string;
  readonly patterns: readonly string[];
  readonly file?: string;
}

export interface RuleFilter {
  /** True when a change at this absolute host path counts for the rule. */
  accepts(hostPath: string): boolean;
  /** True when nothing at or below this directory can count: it need not be watched or walked. */
  prunes(directory: string): boolean;
}

/** Directories whose content is never synced. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.idea']);

/** Editor temporaries, by file name: vim, emacs, JetBrains, kate, backup files, go's temp files. */
const EDITOR_TEMPORARIES: readonly RegExp[] = [
  /\.sw[px]$/, // vim swap (`.name.swp`, `name.swx`)
  /^\..*\.sw[on]$/, // vim's next swap names when .swp is taken
  /^4913$/, // vim's probe file when writing a directory
  /~$/, // backups (vim, emacs, many others)
  /^\.#/, // emacs lock files
  /^#.*#$/, // emacs auto-save files
  /___jb_(tmp|old)___$/, // JetBrains safe-write
  /^\..*\.kate-swp$/,
  /-go-tmp-umask$/,
];

export function isEditorTemporary(hostPath: string): boolean {
  const name = basename(hostPath);
  return EDITOR_TEMPORARIES.some((pattern) => pattern.test(name));
}

/** The `/`-separated path of `path` below `root`; undefined when it is not below (or equal to) it. */
export function pathBelow(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

const inSkippedDirectory = (rel: string): boolean =>
  rel.split('/').some((part) => SKIPPED_DIRECTORIES.has(part));

interface Scoped {
  readonly root: string;
  readonly matcher: IgnoreMatcher;
}

const scoped = (root: string, patterns: readonly string[]): Scoped | undefined =>
  patterns.length > 0 ? { root, matcher: createMatcher(patterns) } : undefined;

/** True when the scoped patterns exclude the path (paths outside the scope never are). */
function excluded(scope: Scoped | undefined, path: string): boolean {
  if (scope === undefined) return false;
  const rel = pathBelow(scope.root, path);
  return rel !== undefined && rel !== '' && scope.matcher.excludes(rel);
}

/** True when the directory is excluded and no `!` exception can bring anything below it back. */
function excludedWhole(scope: Scoped | undefined, directory: string): boolean {
  if (!excluded(scope, directory)) return false;
  const rel = pathBelow(scope!.root, directory)!;
  return !scope!.matcher.mayReinclude(rel);
}

/** Throws `DockerignoreError` (images/dockerignore.ts) for a pattern Docker would refuse. */
export function ruleFilter(rule: WatchRule, contextIgnore?: ContextIgnore): RuleFilter {
  const dockerignore = contextIgnore
    ? scoped(contextIgnore.contextDir, contextIgnore.patterns)
    : undefined;
  const ignore = scoped(rule.path, rule.ignore);
  const include = scoped(rule.path, rule.include);
  return {
    accepts(hostPath) {
      const rel = pathBelow(rule.path, hostPath);
      if (rel === undefined) return false;
      if (inSkippedDirectory(rel) || isEditorTemporary(hostPath)) return false;
      if (excluded(dockerignore, hostPath) || excluded(ignore, hostPath)) return false;
      // `include` selects below the rule's path; the path itself (a watched file) always counts.
      return include === undefined || rel === '' || excluded(include, hostPath);
    },
    prunes(directory) {
      const rel = pathBelow(rule.path, directory);
      if (rel === undefined) return true;
      if (inSkippedDirectory(rel)) return true;
      return excludedWhole(dockerignore, directory) || excludedWhole(ignore, directory);
    },
  };
}
