import { basename, resolve } from 'node:path';
import { ComposeError } from './diagnostics.js';

/**
 * The project name (rules §13): `-p` > `COMPOSE_PROJECT_NAME` > the compose files'
 * `name:` > the project directory's name. Names the user typed as names must already
 * be valid; names taken from files and directories are normalized silently.
 */

/** Lowercases, keeps only `[a-z0-9_-]`, then drops leading `_` and `-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export function invalidProjectNameMessage(name: string): string {
  return (
    `invalid project name ${JSON.stringify(name)}: must consist only of lowercase alphanumeric characters, ` +
    'hyphens, and underscores as well as start with a letter or number'
  );
}

export interface ResolveProjectNameOptions {
  /** `-p` / `--project-name`; empty means not given. */
  readonly flag?: string;
  /** The resolved environment (shell + `.env`), for `COMPOSE_PROJECT_NAME`. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * The top-level `name` of each loaded file / document, in load order, already
   * interpolated; `undefined` for a file without a (non-empty) `name` as written.
   * The last defined one wins, as in compose-go; if it interpolates to nothing the
   * result is an error, not a fall-back to the directory.
   */
  readonly modelNames: readonly (string | undefined)[];
  readonly projectDir: string;
}

function requireValid(name: string): string {
  if (normalizeProjectName(name) !== name) {
    throw ComposeError.of({
      code: 'project-name.invalid',
      message: invalidProjectNameMessage(name),
    });
  }
  return name;
}

export function resolveProjectName(options: ResolveProjectNameOptions): string {
  if (options.flag) return requireValid(options.flag);
  const fromEnv = options.env.COMPOSE_PROJECT_NAME;
  if (fromEnv) return requireValid(fromEnv);

  const declared = options.modelNames.filter((name): name is string => name !== undefined);
  const source =
    declared.length > 0 ? declared[declared.length - 1]! : basename(resolve(options.projectDir));
  const name = normalizeProjectName(source);
  if (name === '') {
    throw ComposeError.of({
      code: 'project-name.empty',
      message: 'project name must not be empty',
    });
  }
  return name;
}
