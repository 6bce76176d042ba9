/**
 * `push` as a library call: each tag of the selected services that have both
 * `build` and `image` (as `docker compose push`), with the credentials Docker
 * would use for its registry.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import { planPushCommand, type PushCommandOptions } from '../planner/plan-image-commands.js';
import type { Project } from '../spec/model.js';
import type { RunOptions } from './apply.js';
import { applyImagePlan, type ImageCommandResult } from './image-run.js';

export type { PushCommandOptions } from '../planner/plan-image-commands.js';

export interface PushOptions extends RunOptions {
  readonly push: PushCommandOptions;
}

/** Compose's defaults for what a library caller leaves out. */
export function pushDefaults(options: Partial<PushCommandOptions>): PushCommandOptions {
  return {
    services: options.services ?? [],
    includeDeps: options.includeDeps ?? false,
    ignorePushFailures: options.ignorePushFailures ?? false,
  };
}

export function push(
  source: { readonly project: Project },
  engine: Engine,
  options: PushOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<ImageCommandResult> {
  return applyImagePlan(planPushCommand(source.project, options.push), engine, options, onEvent);
}
