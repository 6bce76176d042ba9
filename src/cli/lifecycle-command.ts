/**
 * Base of the lifecycle commands (up, create, down, start, stop, restart, rm,
 * kill, pause, unpause, wait): the project from its files or — with `-p NAME` and no compose
 * file, as `down` does — from the engine's labels, and a run of a plan-shaped
 * lifecycle call with progress, Ctrl-C handling and exit codes.
 */
import type { Interfaces } from '@oclif/core';
import type { Engine } from '../engine/types.js';
import type { ApplyResult, ExecutorEvent } from '../executor/types.js';
import type { OperationEvent, OperationResult } from '../lifecycle/operate.js';
import { ExitCode } from '../spec/diagnostics.js';
import type { Project } from '../spec/model.js';
import type { Plan } from '../planner/types.js';
import { processStreams, progressRenderer } from '../ui/progress/index.js';
import { renderBlockers, renderDryRun } from '../ui/progress/plan-output.js';
import { ComposeCommand, type GlobalOptions, type globalFlags } from './compose-command.js';

type Flags = Interfaces.InferredFlags<typeof globalFlags>;

/** What a plan-shaped lifecycle call returns: applied (ok or not), or stopped by blockers. */
type RunOutcome =
  | { readonly status?: 'applied'; readonly ok: boolean; readonly result: ApplyResult }
  | { readonly status: 'blocked'; readonly plan: Plan };

function isBlocked(outcome: RunOutcome): outcome is Extract<RunOutcome, { status: 'blocked' }> {
  return outcome.status === 'blocked';
}

export abstract class LifecycleCommand extends ComposeCommand {
  protected async openEngine(): Promise<Engine> {
    const { openEngine } = await import('../engine/index.js');
    return openEngine(process.env);
  }

  /** The project from its compose files, or rebuilt from labels when only `-p NAME` is known. */
  protected async projectOrLabels(flags: Flags, engine: Engine): Promise<Project> {
    try {
      return (await this.loadProjectFromFlags(flags)).project;
    } catch (error) {
      const name = this.nameWithoutFiles(error, flags);
      if (name === undefined) throw error;
      const { projectFromLabels } = await import('../lifecycle/project-from-labels.js');
      return projectFromLabels(engine, name, process.cwd());
    }
  }

  /**
   * Runs a lifecycle call that reports executor events: progress through the
   * renderer `--progress` picks, exit 130 after Ctrl-C, 1 when anything failed.
   */
  protected async runWithProgress(
    global: GlobalOptions,
    run: (signal: AbortSignal, onEvent: (event: ExecutorEvent) => void) => Promise<RunOutcome>,
  ): Promise<void> {
    const { onInterrupt, INTERRUPTED_EXIT_CODE } = await import('../lifecycle/interrupt.js');
    const renderer = await progressRenderer(global.progress, {
      streams: processStreams(global.progress),
      terminal: process.stderr,
      env: process.env,
      ansi: global.ansi,
    });
    // The Ctrl-C notice goes above a live TTY frame instead of tearing it.
    const notify = (message: string) =>
      renderer.note ? renderer.note(message) : void process.stderr.write(message);
    const interrupt = onInterrupt(notify);
    try {
      const outcome = await run(interrupt.signal, (event) => renderer.event(event));
      if (isBlocked(outcome)) {
        renderer.close?.();
        process.stderr.write(renderBlockers(outcome.plan, this.colourOnStderr));
        this.exit(ExitCode.failure);
      }
      renderer.finish(outcome.result);
      if (interrupt.signal.aborted) this.exit(INTERRUPTED_EXIT_CODE);
      if (!outcome.ok) this.exit(ExitCode.failure);
    } finally {
      // A run that threw or was blocked never reached `finish`: stop the live view.
      renderer.close?.();
      interrupt.dispose();
    }
  }

  /** `--dry-run`: prints the plan and changes nothing; blockers still exit 1. */
  protected printDryRun(plan: Plan): void {
    process.stdout.write(renderDryRun(plan, this.colourOnStderr));
    if (plan.blockers.length > 0) this.exit(ExitCode.failure);
  }

  /** Runs an unordered operation (kill, pause, unpause) with its progress lines and failure summary. */
  protected async runOperation(
    global: GlobalOptions,
    run: (onEvent: (event: OperationEvent) => void) => Promise<OperationResult>,
  ): Promise<void> {
    const { operationJson, operationLine } = await import('../lifecycle/operate.js');
    const streams = processStreams(global.progress);
    const onEvent = (event: OperationEvent): void => {
      switch (global.progress) {
        case 'quiet':
          return;
        case 'json':
          return streams.out(`${JSON.stringify(operationJson(event, Date.now()))}\n`);
        case 'plain':
        case 'auto':
        case 'tty':
          return streams.out(`${global.dryRun ? 'DRY-RUN MODE - ' : ''}${operationLine(event)}\n`);
        default: {
          const unreachable: never = global.progress;
          throw new Error(`unknown progress mode ${String(unreachable)}`);
        }
      }
    };
    const result = await run(onEvent);
    for (const { container, error } of result.failed)
      process.stderr.write(`error: ${container}: ${error.message}\n`);
    if (!result.ok) this.exit(ExitCode.failure);
    if (global.dryRun) process.stdout.write('(dry run: nothing was changed)\n');
  }
}
