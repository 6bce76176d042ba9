import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ComposeError, type WarningSink } from './diagnostics.js';

/**
 * Which compose files to load (rules §1): explicit `-f` files, else `COMPOSE_FILE`,
 * else the default names found in the search directory or its nearest parent.
 */

/** In compose-go's order of preference (`.yml` before `.yaml` for the legacy names). */
export const DEFAULT_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
] as const;
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;

/** The `-f` value that means standard input. */
export const STDIN_FILE = '-';

export interface DiscoverComposeFilesOptions {
  /** Relative `-f` and `COMPOSE_FILE` entries resolve against it. */
  readonly cwd: string;
  /** Where the default names are searched first; docker compose uses `--project-directory` when given. Defaults to `cwd`. */
  readonly searchDir?: string;
  /** `-f` values, in order. */
  readonly files?: readonly string[];
  /** The resolved environment (shell + `.env`), for `COMPOSE_FILE` and `COMPOSE_PATH_SEPARATOR`. */
  readonly env: Readonly<Record<string, string>>;
  readonly warn: WarningSink;
}

export interface DiscoveredFiles {
  /** Absolute paths, or `-` for standard input. */
  readonly files: string[];
  /** True when found by searching for the default names (an override file may have been added). */
  readonly discovered: boolean;
}

function fileKind(path: string): 'file' | 'directory' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

function explicitFile(entry: string, cwd: string, verb: 'open' | 'stat'): string {
  if (entry === STDIN_FILE) return entry;
  const path = resolve(cwd, entry);
  const kind = fileKind(path);
  if (kind === 'missing') {
    throw ComposeError.of({
      code: 'file.missing',
      message: `${verb} ${path}: no such file or directory`,
    });
  }
  if (kind === 'directory') {
    throw ComposeError.of({
      code: 'discovery.directory',
      message: `read ${path}: is a directory`,
      file: path,
    });
  }
  return path;
}

/** Existing files among `names` in `dir`, in preference order; warns when there are several. */
function pickFirst(
  dir: string,
  names: readonly string[],
  what: string,
  warn: WarningSink,
): string | undefined {
  const found = names.map((name) => join(dir, name)).filter((path) => fileKind(path) !== 'missing');
  const winner = found[0];
  if (winner !== undefined && found.length > 1) {
    warn({
      severity: 'warning',
      code: 'discovery.multiple',
      message: `Found multiple ${what} with supported names: ${found.join(', ')}`,
    });
    warn({ severity: 'warning', code: 'discovery.multiple', message: `Using ${winner}` });
  }
  return winner;
}

export function discoverComposeFiles(options: DiscoverComposeFilesOptions): DiscoveredFiles {
  if (options.files && options.files.length > 0) {
    return {
      files: options.files.map((file) => explicitFile(file, options.cwd, 'open')),
      discovered: false,
    };
  }

  const fromEnv = options.env.COMPOSE_FILE;
  if (fromEnv !== undefined) {
    const separator = options.env.COMPOSE_PATH_SEPARATOR || ':';
    // Empty entries (`a.yml::b.yml`, or an empty COMPOSE_FILE) are ignored rather than
    // resolved to the working directory itself.
    const entries = fromEnv.split(separator).filter((entry) => entry !== '');
    if (entries.length > 0) {
      return {
        files: entries.map((entry) => explicitFile(entry, options.cwd, 'stat')),
        discovered: false,
      };
    }
  }

  let dir = resolve(options.searchDir ?? options.cwd);
  for (;;) {
    const main = pickFirst(dir, DEFAULT_FILE_NAMES, 'config files', options.warn);
    if (main !== undefined) {
      const override = pickFirst(dir, DEFAULT_OVERRIDE_FILE_NAMES, 'override files', options.warn);
      return { files: override === undefined ? [main] : [main, override], discovered: true };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw ComposeError.of({
    code: 'file.not-found',
    message: 'no configuration file provided: not found',
    hint: `looked for ${DEFAULT_FILE_NAMES.join(', ')} in ${resolve(options.searchDir ?? options.cwd)} and its parents`,
  });
}
