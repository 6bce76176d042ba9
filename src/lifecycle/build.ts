/**
 * `build` as a library call: the images of the selected services that have a
 * build section (`--with-dependencies` adds their dependencies), with the
 * command's overrides (`--build-arg`, `--no-cache`, `--pull`), then with
 * `--push` each built image that has an `image:` name.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import { planBuildCommand, type BuildCommandOptions } from '../planner/plan-image-commands.js';
import type { Project } from '../spec/model.js';
import type { RunOptions } from './apply.js';
import { applyImagePlan, type ImageCommandResult } from './image-run.js';

export type { BuildCommandOptions } from '../planner/plan-image-commands.js';

export interface BuildOptions extends RunOptions {
  readonly build: BuildCommandOptions;
}

/** Compose's defaults for what a library caller leaves out. */
export function buildDefaults(options: Partial<BuildCommandOptions>): BuildCommandOptions {
  return {
    services: options.services ?? [],
    withDependencies: options.withDependencies ?? false,
    overrides: options.overrides ?? {},
    push: options.push ?? false,
  };
}

export function build(
  source: { readonly project: Project },
  engine: Engine,
  options: BuildOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<ImageCommandResult> {
  return applyImagePlan(planBuildCommand(source.project, options.build), engine, options, onEvent);
}

/**
 * `--build-arg K=V` values; `K` alone takes the value from `environment`
 * (the project's, then the process's) and is dropped when there is none.
 */
export function parseBuildArgs(
  values: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const args: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals >= 0) args[value.slice(0, equals)] = value.slice(equals + 1);
    else if (environment[value] !== undefined) args[value] = environment[value];
  }
  return args;
}
