import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ComposeError } from './diagnostics.js';
import { readEnvFile } from './env-file.js';

/**
 * The environment used to interpolate compose files (rules §2): the shell always wins,
 * then the env files, read in order, fill the names it leaves unset.
 */

export interface ResolveEnvironmentOptions {
  /** The process environment. */
  readonly shell: Readonly<Record<string, string | undefined>>;
  /** `--env-file` values as given on the command line; relative to `cwd`, `~` expanded. */
  readonly envFiles?: readonly string[];
  /** Where the implicit `.env` is looked for. */
  readonly projectDir: string;
  readonly cwd: string;
  /**
   * An environment from an earlier pass: docker compose resolves the environment once
   * with the initial project dir, then again once the compose file is found; values of
   * the first pass are kept.
   */
  readonly base?: Readonly<Record<string, string>>;
  /** Home directory for `~`; defaults to the shell's HOME, then the OS's. */
  readonly home?: string;
  /** Receives unset-variable names referenced inside env files. */
  readonly warn?: (name: string) => void;
}

/** Go's `strconv.ParseBool`. */
function parseGoBool(name: string, text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw ComposeError.of({
    code: 'environment.invalid-bool',
    message: `invalid value for ${name}: strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`,
  });
}

function expandHome(path: string, home: string): string {
  return path.startsWith('~') ? join(home, path.slice(1)) : path;
}

/** The env files to read: explicit ones (checked to exist later), else the implicit `.env`. */
export function selectEnvFiles(options: ResolveEnvironmentOptions): string[] {
  const explicit =
    options.envFiles && options.envFiles.length > 0
      ? options.envFiles
      : (options.shell.COMPOSE_ENV_FILES ?? '').split(',').filter((file) => file !== '');
  if (explicit.length > 0) {
    const home = options.home ?? options.shell.HOME ?? homedir();
    return explicit.map((file) => {
      const expanded = expandHome(file, home);
      return isAbsolute(expanded) ? expanded : resolve(options.cwd, expanded);
    });
  }
  const disable = options.shell.COMPOSE_DISABLE_ENV_FILE;
  if (disable !== undefined && parseGoBool('COMPOSE_DISABLE_ENV_FILE', disable)) return [];
  const implicit = join(options.projectDir, '.env');
  try {
    // statSync follows symlinks: a link to a regular file counts, a directory does not.
    return statSync(implicit).isDirectory() ? [] : [implicit];
  } catch {
    return [];
  }
}

export function resolveEnvironment(options: ResolveEnvironmentOptions): Record<string, string> {
  // A Map, not an object: names such as `constructor` must not hit Object.prototype.
  const environment = new Map<string, string>();
  for (const [name, value] of Object.entries(options.shell)) {
    if (value !== undefined) environment.set(name, value);
  }
  // docker compose adds PWD before reading env files, so a `.env` cannot set it.
  if (!environment.has('PWD')) environment.set('PWD', options.cwd);
  for (const [name, value] of Object.entries(options.base ?? {})) {
    if (!environment.has(name)) environment.set(name, value);
  }

  const fromFiles = new Map<string, string>();
  for (const file of selectEnvFiles(options)) {
    const entries = readEnvFile(file, {
      lookup: (name) => environment.get(name),
      fallback: (name) => fromFiles.get(name),
      ...(options.warn ? { warn: options.warn } : {}),
    });
    for (const [name, value] of entries) fromFiles.set(name, value);
  }
  for (const [name, value] of fromFiles) {
    if (!environment.has(name)) environment.set(name, value);
  }
  return Object.fromEntries(environment);
}
