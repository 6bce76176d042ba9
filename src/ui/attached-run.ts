/**
 * The terminal side of attached `up`: Ctrl-C wiring (first stops the project
 * gracefully, second kills, exit 130), log formatting from the flags, and
 * printing of the attach events. The work itself is `attachToProject`.
 */
import type { Engine } from '../engine/types.js';
import { INTERRUPTED_EXIT_CODE } from '../lifecycle/interrupt.js';
import { attachToProject, servicesToAttach, type AbortPolicy } from '../lifecycle/attached.js';
import type { Project } from '../spec/model.js';
import { renderAttachEvent } from './attached-view.js';
import { LogFormatter } from './log-prefix.js';
import { useColour, type AnsiMode } from './terminal.js';

export interface AttachedFlags {
  readonly services: readonly string[];
  /** Unix seconds when `up` began: older output is not replayed. */
  readonly since: number;
  readonly ansi: AnsiMode;
  readonly attach?: readonly string[];
  readonly 'no-attach'?: readonly string[];
  readonly 'attach-dependencies': boolean;
  readonly 'abort-on-container-exit': boolean;
  readonly 'abort-on-container-failure': boolean;
  readonly 'exit-code-from'?: string;
  readonly 'no-color': boolean;
  readonly 'no-log-prefix': boolean;
  readonly timestamps: boolean;
  readonly timeout?: number;
}

/** Streams the attached services until they exit (or an abort policy / Ctrl-C stops them); returns the exit code. */
export async function streamAttached(
  project: Project,
  engine: Engine,
  flags: AttachedFlags,
): Promise<number> {
  const formatter = new LogFormatter({
    colour: !flags['no-color'] && useColour(flags.ansi, process.stdout, process.env),
    prefix: !flags['no-log-prefix'],
    timestamps: flags.timestamps,
  });
  const services = servicesToAttach(project, flags.services, {
    attach: flags.attach ?? [],
    noAttach: flags['no-attach'] ?? [],
    attachDependencies: flags['attach-dependencies'],
  });
  const stop = new AbortController();
  const kill = new AbortController();
  const onSigint = () => (stop.signal.aborted ? kill : stop).abort();
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const policy: AbortPolicy = flags['abort-on-container-exit']
      ? 'on-exit'
      : flags['abort-on-container-failure']
        ? 'on-failure'
        : 'never';
    const result = await attachToProject(
      project.name,
      engine,
      {
        services,
        since: flags.since,
        abort: policy,
        stopSignal: stop.signal,
        killSignal: kill.signal,
        ...(flags['exit-code-from'] !== undefined ? { exitCodeFrom: flags['exit-code-from'] } : {}),
        ...(flags.timeout !== undefined ? { stopTimeoutSeconds: flags.timeout } : {}),
      },
      (event) => {
        const text = renderAttachEvent(formatter, event);
        if (text.stdout) process.stdout.write(text.stdout);
        if (text.stderr) process.stderr.write(text.stderr);
      },
    );
    return result.interrupted ? INTERRUPTED_EXIT_CODE : result.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
