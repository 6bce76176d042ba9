/**
 * A watch session as the CLI runs it (`watch`, `up --watch`): events rendered
 * to the given sinks line by line, until `stop()`. The commands own the
 * process streams and signals; this only formats and forwards.
 */
import type { Engine } from '../engine/types.js';
import type { Project } from '../spec/model.js';
import { renderWatchEvent } from './format.js';
import { projectWatchRules } from './rules.js';
import { watch, type WatchHandle } from './session.js';

export interface CliWatchOptions {
  readonly services: readonly string[];
  /** `--quiet`: exec hooks' output is not shown. */
  readonly quiet: boolean;
  /** `--quiet-period`, ms. */
  readonly quietPeriodMs?: number;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Throws the `ComposeError` `watch` would, before anything is started (no rule, bad rule, unknown service). */
export function checkWatchable(project: Project, services: readonly string[]): void {
  projectWatchRules(project, services);
}

export function startCliWatch(
  project: Project,
  engine: Engine,
  options: CliWatchOptions,
): Promise<WatchHandle> {
  return watch(project, engine, {
    services: options.services,
    ...(options.quietPeriodMs !== undefined ? { quietPeriodMs: options.quietPeriodMs } : {}),
    onEvent: (event) => {
      const text = renderWatchEvent(event, { quiet: options.quiet });
      if (text.stdout) options.stdout(text.stdout);
      if (text.stderr) options.stderr(text.stderr);
    },
  });
}
