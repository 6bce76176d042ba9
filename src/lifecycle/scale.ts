/**
 * `scale SERVICE=N...`: `up` of the named services with those replica counts
 * (compose's `Scale`: apply the replicas, then create and start), their
 * dependencies too unless `--no-deps`.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import type { UpPlanOptions } from '../planner/types.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { Project } from '../spec/model.js';
import type { RunOptions } from './apply.js';
import type { ProjectLockOptions } from './lock.js';
import { up, type UpResult } from './up.js';

export interface ScaleOptions extends RunOptions {
  /** Service → replicas. */
  readonly replicas: Readonly<Record<string, number>>;
  readonly noDeps: boolean;
  readonly lock?: ProjectLockOptions;
}

/** `web=3 worker=0` → `{ web: 3, worker: 0 }`, with compose's messages for bad specifiers. */
export function parseScaleArgs(args: readonly string[]): Record<string, number> {
  const replicas: Record<string, number> = {};
  for (const arg of args) {
    const equals = arg.indexOf('=');
    const service = equals > 0 ? arg.slice(0, equals) : '';
    const value = equals > 0 ? arg.slice(equals + 1) : '';
    if (service === '' || value === '')
      throw ComposeError.of({ code: 'usage.scale', message: `invalid scale specifier: ${arg}` });
    if (!/^[+-]?\d+$/.test(value))
      throw ComposeError.of({
        code: 'usage.scale',
        message: `invalid scale specifier: can't parse replica value as int: ${arg}`,
      });
    const count = Number(value);
    if (count < 0)
      throw ComposeError.of({
        code: 'usage.scale',
        message: `invalid scale specifier: the number of replicas can't be negative: ${arg}`,
      });
    replicas[service] = count;
  }
  return replicas;
}

/** The plan options of a scale: the named services only, their counts as `--scale`. */
export function scalePlanOptions(options: ScaleOptions, now: number): UpPlanOptions {
  return {
    kind: 'up',
    services: Object.keys(options.replicas).sort(),
    noDeps: options.noDeps,
    recreate: 'diverged',
    recreateDependencies: 'diverged',
    renewAnonVolumes: false,
    scale: options.replicas,
    removeOrphans: false,
    build: 'auto',
    noStart: false,
    now,
  };
}

export function scale(
  source: { readonly project: Project },
  engine: Engine,
  options: ScaleOptions,
  onEvent: (event: ExecutorEvent) => void,
): Promise<UpResult> {
  const plan = scalePlanOptions(options, options.now?.() ?? Date.now());
  return up(source, engine, { ...options, plan, wait: false }, onEvent);
}
