/**
 * `create` as a library call: `up`'s plan with `noStart`, so containers (and
 * the networks, volumes and images they need) exist afterwards but none is started.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import type { UpPlanOptions } from '../planner/types.js';
import type { Project } from '../spec/model.js';
import type { RunOptions } from './apply.js';
import { up, type UpResult } from './up.js';

export interface CreateOptions extends RunOptions {
  readonly plan: UpPlanOptions;
}

export function create(
  source: { readonly project: Project },
  engine: Engine,
  options: CreateOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<UpResult> {
  return up(
    source,
    engine,
    { ...options, plan: { ...options.plan, noStart: true }, wait: false },
    onEvent,
  );
}
