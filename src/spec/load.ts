import { dirname, resolve } from 'node:path';
import { canonicalizeModel } from './canonical-model.js';
import { runColdPass } from './cold-pass.js';
import { checkConsistency } from './consistency.js';
import { ComposeError, withPositions, type WarningSink } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { discoverComposeFiles, STDIN_FILE } from './discovery.js';
import { resolveEnvironment } from './environment.js';
import { interpolateString } from './interpolate.js';
import { loadModels, lookupIn, parseFiles, type ParsedFile } from './load-models.js';
import type { Project } from './model.js';
import { normalizeProject } from './normalize/index.js';
import { applyProfiles } from './profiles.js';
import { resolveProjectName } from './project-name.js';
import { selectServices } from './select.js';
import { resolveServiceEnvironments } from './service-environment.js';
import { Locator } from './source-map.js';
import { readStdinOnce } from './sources.js';
import { parseComposeYaml } from './yaml.js';
import type { RawMapping } from './raw.js';

/** Everything `docker compose` takes from flags and environment to load a project. */
export interface LoadProjectOptions {
  /** Working directory; default `process.cwd()`. */
  readonly cwd?: string;
  /** `-f` files in order; `-` is standard input. Empty or absent: discovery / `COMPOSE_FILE`. */
  readonly files?: readonly string[];
  /** `-p`. */
  readonly projectName?: string;
  /** `--project-directory`. */
  readonly projectDirectory?: string;
  /** `--env-file`, in order (later ones override earlier ones). */
  readonly envFiles?: readonly string[];
  /** `--profile`; when absent, `COMPOSE_PROFILES` applies. */
  readonly profiles?: readonly string[];
  /** Services named on the command line: they enable their profiles, and only they and their dependencies are kept. */
  readonly services?: readonly string[];
  /** The shell environment; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `--no-interpolate` sets this to false. */
  readonly interpolate?: boolean;
  /** `--no-path-resolution` sets this to false. */
  readonly resolvePaths?: boolean;
  /** `--no-consistency` sets this to false. */
  readonly consistency?: boolean;
  /** `--no-env-resolution` sets this to false: `env_file` values are not folded into `environment`. */
  readonly resolveEnvFiles?: boolean;
  /** Where warnings go; default: collected in the result only. */
  readonly warn?: WarningSink;
  /** Reads standard input for `-f -`; default reads fd 0. */
  readonly readStdin?: () => string;
}

export interface LoadedProject {
  readonly project: Project;
  /** The merged, validated model in long syntax before typing: what `--no-normalize` shows. */
  readonly model: RawMapping;
  /** The interpolation environment (shell + env files), for `config --environment`. */
  readonly environment: Readonly<Record<string, string>>;
  readonly configFiles: readonly string[];
  readonly workingDir: string;
  /** Each document as written, before interpolation (for `config --variables`). */
  readonly documents: readonly RawMapping[];
}

/**
 * Loads a Compose project the way `docker compose` does: discover files, build the
 * interpolation environment, pick the project name, load and merge every file, then
 * canonicalize, type, apply profiles and check consistency.
 * Throws `ComposeError` (every problem, each with its file, line and key path).
 */
export async function loadProject(options: LoadProjectOptions = {}): Promise<LoadedProject> {
  const locator = new Locator();
  const locate = (path: KeyPath) => locator.locate(path);
  const report = options.warn ?? (() => {});
  try {
    // One pass over cold code: cheaper without V8's optimizing compiler (cold-pass.ts).
    return runColdPass(() =>
      loadWithLocator(options, locator, (warning) => report(withPositions(warning, locate))),
    );
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    throw new ComposeError(
      error.diagnostics.map((diagnostic) => withPositions(diagnostic, locate)),
    );
  }
}

function loadWithLocator(
  options: LoadProjectOptions,
  locator: Locator,
  warn: WarningSink,
): LoadedProject {
  const shell = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());
  const readStdin = options.readStdin ?? readStdinOnce();
  const explicitProjectDir = options.projectDirectory
    ? resolve(cwd, options.projectDirectory)
    : undefined;

  // compose reads `.env` twice: once from where it starts (it may set COMPOSE_FILE),
  // then from the project directory once the files are known.
  let environment = resolveEnvironment({
    shell,
    envFiles: options.envFiles,
    projectDir: explicitProjectDir ?? cwd,
    cwd,
  });
  const { files } = discoverComposeFiles({
    cwd,
    searchDir: explicitProjectDir,
    files: options.files,
    env: environment,
    warn,
  });
  const firstFile = files[0]!;
  const projectDir = explicitProjectDir ?? (firstFile === STDIN_FILE ? cwd : dirname(firstFile));
  if (projectDir !== (explicitProjectDir ?? cwd)) {
    environment = resolveEnvironment({
      shell,
      envFiles: options.envFiles,
      projectDir,
      cwd,
      base: environment,
    });
  }

  const parsed = parseFiles(files, readStdin);
  const projectName = resolveProjectName({
    flag: options.projectName,
    env: environment,
    modelNames: declaredNames(parsed, environment, options.interpolate !== false),
    projectDir,
  });
  environment = { ...environment, COMPOSE_PROJECT_NAME: projectName };

  const merged = loadModels(parsed, {
    environment,
    projectDir,
    interpolate: options.interpolate !== false,
    locator,
    warn,
    readStdin,
    includeChain: [],
  });
  const model = canonicalizeModel(merged, {
    projectDir,
    resolvePaths: options.resolvePaths !== false,
    locate: (path) => locator.locate(path),
    warn,
  });

  let project = normalizeProject(model, {
    projectName,
    workingDir: projectDir,
    configFiles: files,
    environment,
    warn,
  });
  project = applyProfiles(project, {
    activeProfiles: options.profiles ?? splitProfiles(environment.COMPOSE_PROFILES),
    targetServices: options.services,
  });
  if (options.consistency !== false) {
    const errors = checkConsistency(project, { locate: (path) => locator.locate(path), warn });
    if (errors.length > 0) throw new ComposeError(errors);
  }
  // Like compose-go: select the named services (and their dependencies) before env
  // files are read, so a broken env_file of an unrelated service does not matter.
  project = selectServices(project, options.services ?? []);
  if (options.resolveEnvFiles !== false)
    project = resolveServiceEnvironments(project, environment, (path) => locator.locate(path));
  let documents: RawMapping[] | undefined;
  return {
    project,
    model,
    environment,
    configFiles: files,
    workingDir: projectDir,
    // Loading updated the parsed models in place; only `config --variables` needs
    // them as written, so they are decoded again from the same text when asked.
    get documents() {
      return (documents ??= parsed.flatMap((file) =>
        parseComposeYaml(file.text, file.path).flatMap((document): RawMapping[] =>
          document.model ? [document.model] : [],
        ),
      ));
    },
  };
}

/** The top-level `name:` of every document, interpolated, for the project-name rule. */
function declaredNames(
  files: readonly ParsedFile[],
  environment: Record<string, string>,
  interpolate: boolean,
) {
  return files.flatMap((file) =>
    file.documents.map((document) => {
      const name = document.model?.name;
      if (typeof name !== 'string') return undefined;
      if (!interpolate) return name;
      return interpolateString(name, lookupIn(environment), { path: ['name'], warn: () => {} });
    }),
  );
}

function splitProfiles(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((profile) => profile.trim())
    .filter((profile) => profile !== '');
}
