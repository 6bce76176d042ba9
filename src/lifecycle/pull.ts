/**
 * `pull` as a library call: the images of the selected services, pulled as
 * `docker compose pull` decides (images/pull-policy.ts `decidePullCommand`),
 * with the credentials Docker would use. Services skipped are in the plan's
 * `unchanged` with the reason.
 */
import { observeImages } from '../engine/observe.js';
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import { planPullCommand, type PullCommandOptions } from '../planner/plan-image-commands.js';
import type { Project } from '../spec/model.js';
import type { RunOptions } from './apply.js';
import { applyImagePlan, type ImageCommandResult } from './image-run.js';

export type { PullCommandOptions } from '../planner/plan-image-commands.js';
export type { ImageCommandResult } from './image-run.js';

export interface PullOptions extends RunOptions {
  readonly pull: PullCommandOptions;
}

/** Compose's defaults for what a library caller leaves out. */
export function pullDefaults(options: Partial<PullCommandOptions>): PullCommandOptions {
  return {
    services: options.services ?? [],
    includeDeps: options.includeDeps ?? false,
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ignorePullFailures: options.ignorePullFailures ?? false,
    ignoreBuildable: options.ignoreBuildable ?? false,
  };
}

export async function pull(
  source: { readonly project: Project },
  engine: Engine,
  options: PullOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<ImageCommandResult> {
  const plan = planPullCommand(
    source.project,
    await observeImages(engine, source.project),
    options.pull,
  );
  return applyImagePlan(plan, engine, options, onEvent);
}
