import { dirname, resolve } from 'node:path';
import { ComposeError } from './diagnostics.js';
import { resolveEnvironment } from './environment.js';
import type { ModelLoadContext, ParsedFile } from './load-models.js';
import { parseFiles } from './load-models.js';
import { applyResets, mergeModels } from './merge/index.js';
import { resolveRelativePaths } from './paths.js';
import { isMapping, type RawMapping } from './raw.js';
import type { KeyPath } from './key-path.js';

/** One `include` entry in long form, paths still as written. */
interface IncludeEntry {
  readonly paths: readonly string[];
  readonly projectDirectory?: string;
  readonly envFiles?: readonly string[];
}

/** Top-level keys an included project contributes; everything else stays its own. */
const RESOURCE_KEYS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;

type LoadModels = (files: readonly ParsedFile[], context: ModelLoadContext) => RawMapping;

interface IncludeContext extends ModelLoadContext {
  /** The file holding the `include` list. */
  readonly file: string;
  /** That document's `!reset`/`!override` paths: they apply to included resources too. */
  readonly resets: { readonly resets: KeyPath[]; readonly overrides: KeyPath[] };
}

/**
 * Applies a document's `include` list: each entry is loaded as a project of its
 * own (own directory, own env files, fully resolved paths) and its resources are
 * merged under the including document, whose definitions win on a name clash.
 */
export function loadIncludes(
  model: RawMapping,
  context: IncludeContext,
  loadModels: LoadModels,
): RawMapping {
  const entries = model.include;
  if (!Array.isArray(entries) || entries.length === 0) {
    const { include: _unused, ...rest } = model;
    return rest;
  }
  let included: RawMapping = {};
  entries.forEach((raw, index) => {
    const entry = toIncludeEntry(raw, index, context.file);
    included = mergeModels(included, loadIncludedProject(entry, context, loadModels));
  });
  const { include: _include, ...local } = model;
  return mergeModels(applyResets(included, context.resets), local);
}

function toIncludeEntry(raw: unknown, index: number, file: string): IncludeEntry {
  if (typeof raw === 'string') return { paths: [raw] };
  if (isMapping(raw)) {
    const paths = toList(raw.path);
    if (paths.length > 0) {
      const envFiles = raw.env_file === undefined ? undefined : toList(raw.env_file);
      const projectDirectory =
        typeof raw.project_directory === 'string' ? raw.project_directory : undefined;
      return { paths, projectDirectory, envFiles };
    }
  }
  throw ComposeError.of({
    code: 'include.invalid',
    message: 'an include entry needs a path',
    path: ['include', index],
    file,
  });
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function loadIncludedProject(
  entry: IncludeEntry,
  context: IncludeContext,
  loadModels: LoadModels,
): RawMapping {
  const paths = entry.paths.map((path) => resolve(context.projectDir, path));
  const chain = [...context.includeChain, context.file];
  const cycleStart = paths.find((path) => chain.includes(path));
  if (cycleStart !== undefined) {
    const loop = [...chain.slice(chain.indexOf(cycleStart)), cycleStart];
    throw ComposeError.of({
      code: 'include.cycle',
      message: `include cycle detected: ${loop.join(' -> ')}`,
      file: context.file,
      path: ['include'],
    });
  }
  const projectDir = entry.projectDirectory
    ? resolve(context.projectDir, entry.projectDirectory)
    : dirname(paths[0]!);
  // The including project's variables win; the included env files only fill gaps.
  const environment = resolveEnvironment({
    shell: context.environment,
    envFiles: entry.envFiles
      ?.filter((envFile) => envFile !== '/dev/null')
      .map((envFile) => resolve(context.projectDir, envFile)),
    projectDir,
    cwd: context.projectDir,
  });
  const model = loadModels(parseFiles(paths, context.readStdin), {
    ...context,
    environment,
    projectDir,
    includeChain: chain,
  });
  const resources: RawMapping = {};
  for (const key of RESOURCE_KEYS) if (model[key] !== undefined) resources[key] = model[key];
  return resolveRelativePaths(resources, projectDir);
}
