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
 *
 * V8 flags are process-wide: this is only done around synchronous work (nothing
 * else runs on this thread meanwhile), never when the process was started with
 * flags of its own about optimization (left as the user set them), and only in
 * a process that asked for it (`allowColdPasses`): the tscompose CLI does, a
 * program that uses tscompose as a library keeps its V8 flags untouched.
 */
export interface ColdPass {
  run<T>(work: () => T): T;
}

/** Flags that mean someone chose how this process optimizes: leave them alone. */
const USER_CHOICE =
  /(?:^|\s)--(?:no-opt|opt|jitless|max-opt|always-opt|no-turbofan|turbofan)(?:[=\s]|$)/;

/** Whether the process's own command line or NODE_OPTIONS already decide about optimization. */
export function userChoseOptimization(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): boolean {
  return USER_CHOICE.test(` ${execArgv.join(' ')} ${nodeOptions ?? ''} `.replace(/_/g, '-'));
}

/** A `ColdPass` that sets flags with `setFlags` (injectable for tests); nested runs switch once. */
export function createColdPass(setFlags: (flags: string) => void, enabled: boolean): ColdPass {
  let depth = 0;
  return {
    run<T>(work: () => T): T {
      if (!enabled) return work();
      if (depth++ === 0) setFlags('--no-opt');
      try {
        return work();
      } finally {
        if (--depth === 0) setFlags('--opt');
      }
    },
  };
}

let shared: ColdPass | undefined;
let allowed = false;

/** Lets `runColdPass` switch the optimizing compiler off in this process (the CLI's choice). */
export function allowColdPasses(): void {
  allowed = true;
}

/** Runs synchronous `work` with V8's optimizing compiler off where allowed (see above). */
export function runColdPass<T>(work: () => T): T {
  if (!allowed) return work();
  shared ??= createColdPass(setFlagsFromString, !userChoseOptimization());
  return shared.run(work);
}
