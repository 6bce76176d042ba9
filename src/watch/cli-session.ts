/**
 * A watch session as the CLI runs it (`watch`, `up --watch`): events rendered
 * to the given sinks line by line, until `stop()`. The commands own the
 * process streams and signals; this only formats and forwards.
 */
import type { Engine } from '../engine/types.js';
import type { ExecutorEvent } from '../executor/types.js';
import { plainLine } from '../ui/progress/plain.js';
import type { Project } from '../spec/model.js';
import { renderWatchEvent } from './format.js';
import { projectWatchRules } from './rules.js';
import { watch, type WatchHandle } from './session.js';

export interface CliWatchOptions {
  readonly services: readonly string[];
  /** `--quiet`: neither the output of rebuilds' builds nor that of exec hooks is shown. */
  readonly quiet: boolean;
  /** `--quiet-period`, ms. */
  readonly quietPeriodMs?: number;
  /** `--prune` (default true): remove the image a rebuild left dangling. */
  readonly prune?: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Throws the `ComposeError` `watch` would, before anything is started (no rule, bad rule, unknown service). */
export function checkWatchable(project: Project, services: readonly string[]): void {
  projectWatchRules(project, services);
}

/** A rebuild's build, line by line as `--progress plain` prints it; the rest of its plan stays silent. */
function buildLine(event: ExecutorEvent): string | undefined {
  if (event.type === 'warning' || event.action.type !== 'image.build') return undefined;
  return `${plainLine(event)}\n`;
}

export function startCliWatch(
  project: Project,
  engine: Engine,
  options: CliWatchOptions,
): Promise<WatchHandle> {
  return watch(project, engine, {
    services: options.services,
    ...(options.quietPeriodMs !== undefined ? { quietPeriodMs: options.quietPeriodMs } : {}),
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
    ...(options.quiet
      ? {}
      : {
          onExecutorEvent: (event: ExecutorEvent) => {
            const line = buildLine(event);
            if (line !== undefined) options.stdout(line);
          },
        }),
    onEvent: (event) => {
      const text = renderWatchEvent(event, { quiet: options.quiet });
      if (text.stdout) options.stdout(text.stdout);
      if (text.stderr) options.stderr(text.stderr);
    },
  });
}
