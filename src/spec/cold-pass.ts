import { setFlagsFromString } from 'node:v8';

/**
 * Loading a project is one pass over code that has not run yet in this process.
 * On a large file, V8 marks ~150 loader functions as hot during that pass and
 * compiles them with its optimizing compiler (Turbofan): on the 1000-service
 * benchmark that compilation was ~40 % of the load's CPU time, and most of the
 * optimized code arrived after the loops that needed it had finished, so wall
 * time did not gain from it either. The pass therefore runs with the optimizing
 * compiler switched off (interpreter and baseline code only) and switches it
 * back on afterwards, so a long-running process still optimizes its own hot code.
 * The exception is the YAML scanner (`runOptimized`): a few small functions
 * looping over every character, whose optimized code does arrive in time.
 *
 * The pass also lets the young generation grow 16-fold instead of 2-fold when
 * it fills up: nearly everything a load allocates survives it (the model), so
 * each of the ~10 scavenges of a 1 MB→16 MB ramp copied the model so far again;
 * the default comes back afterwards.
 *
 * V8 flags are process-wide: this is only done around synchronous work (nothing
 * else runs on this thread meanwhile), never when the process was started with
 * flags of its own about the same things (left as the user set them), and only
 * in a process that asked for it (`allowColdPasses`): the tscompose CLI does, a
 * program that uses tscompose as a library keeps its V8 flags untouched. Every
 * flag is set back to its default before the pass returns, so V8's code cache
 * (which records the flags) stays valid from one run to the next.
 */
export interface ColdPass {
  run<T>(work: () => T): T;
  /** Inside a pass, runs `work` with the optimizing compiler on; outside one, just runs it. */
  optimized<T>(work: () => T): T;
}

/** What the process's own flags leave to the pass. */
export interface ColdPassScope {
  /** Switch the optimizing compiler off (and on again). */
  readonly optimizer: boolean;
  /** Let the young generation grow faster (and back to the default). */
  readonly youngGeneration: boolean;
}

/** Flags that mean someone chose how this process optimizes: leave them alone. */
const OPTIMIZER_CHOICE =
  /(?:^|\s)--(?:no-opt|opt|jitless|max-opt|always-opt|no-turbofan|turbofan)(?:[=\s]|$)/;
/** Flags that mean someone sized the young generation. */
const YOUNG_GENERATION_CHOICE =
  /(?:^|\s)--(?:semi-space-growth-factor|min-semi-space-size|max-semi-space-size)(?:[=\s]|$)/;

function processFlags(execArgv: readonly string[], nodeOptions: string | undefined): string {
  return ` ${execArgv.join(' ')} ${nodeOptions ?? ''} `.replace(/_/g, '-');
}

/** What a pass may change, given the process's own flags. */
export function coldPassScope(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): ColdPassScope {
  const flags = processFlags(execArgv, nodeOptions);
  return {
    optimizer: !OPTIMIZER_CHOICE.test(flags),
    youngGeneration: !YOUNG_GENERATION_CHOICE.test(flags),
  };
}

/** Whether the process's own command line or NODE_OPTIONS already decide about optimization. */
export function userChoseOptimization(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): boolean {
  return !coldPassScope(execArgv, nodeOptions).optimizer;
}

/** Default of `--semi-space-growth-factor` (V8 11). */
const DEFAULT_GROWTH = 2;
const PASS_GROWTH = 16;

/**
 * A `ColdPass` that sets flags with `setFlags` (injectable for tests). Nested
 * runs (an extends or include load) switch once; `optimized` work inside a
 * pass switches the optimizing compiler on for its duration.
 */
export function createColdPass(setFlags: (flags: string) => void, scope: ColdPassScope): ColdPass {
  const enter: string[] = [];
  const leave: string[] = [];
  if (scope.optimizer) {
    enter.push('--no-opt');
    leave.push('--opt');
  }
  if (scope.youngGeneration) {
    enter.push(`--semi-space-growth-factor=${PASS_GROWTH}`);
    leave.push(`--semi-space-growth-factor=${DEFAULT_GROWTH}`);
  }
  let depth = 0;
  let optimizedDepth = 0;
  return {
    run<T>(work: () => T): T {
      if (enter.length === 0) return work();
      if (depth++ === 0) setFlags(enter.join(' '));
      try {
        return work();
      } finally {
        if (--depth === 0) setFlags(leave.join(' '));
      }
    },
    optimized<T>(work: () => T): T {
      if (!scope.optimizer || depth === 0) return work();
      if (optimizedDepth++ === 0) setFlags('--opt');
      try {
        return work();
      } finally {
        if (--optimizedDepth === 0) setFlags('--no-opt');
      }
    },
  };
}

let shared: ColdPass | undefined;
let allowed = false;

/** Lets `runColdPass` change V8's flags in this process (the CLI's choice). */
export function allowColdPasses(): void {
  allowed = true;
}

function sharedPass(): ColdPass {
  return (shared ??= createColdPass(setFlagsFromString, coldPassScope()));
}

/** Runs synchronous `work` as a cold pass where allowed (see above). */
export function runColdPass<T>(work: () => T): T {
  if (!allowed) return work();
  return sharedPass().run(work);
}

/** Runs synchronous `work` with the optimizing compiler on, even inside a cold pass. */
export function runOptimized<T>(work: () => T): T {
  if (!allowed) return work();
  return sharedPass().optimized(work);
}
