/**
 * `attach SERVICE`: the local streams connected to the running container's
 * (compose's choice of container, `--index`): its TTY in raw mode when it has
 * one, stdin unless `--no-stdin` (or the container keeps none open), signals
 * forwarded without a TTY (`--sig-proxy`). The engine ends the attachment on
 * the detach keys. Resolves to the container's exit code, or 0 once detached.
 */
import type { Engine } from '../engine/types.js';
import { targetContainer } from './exec-target.js';
import { forwardSignals, rawMode, terminalSizes, type LocalStreams } from './exec-terminal.js';

export interface AttachServiceOptions {
  readonly service: string;
  readonly index?: number;
  readonly noStdin?: boolean;
  /** Forward SIGINT/SIGTERM to the container (default) when it has no TTY. */
  readonly sigProxy?: boolean;
  /** `--detach-keys`; default the engine's (`ctrl-p,ctrl-q`). */
  readonly detachKeys?: string;
}

interface InspectedConfig {
  readonly Config?: { readonly Tty?: boolean; readonly OpenStdin?: boolean };
}

export async function attachService(
  projectName: string,
  engine: Engine,
  options: AttachServiceOptions,
  streams: LocalStreams,
): Promise<{ readonly exitCode: number; readonly detached: boolean }> {
  const target = await targetContainer(engine, projectName, options.service, {
    ...(options.index !== undefined ? { index: options.index } : {}),
  });
  const config = (await engine.inspectContainer(target.id)) as InspectedConfig;
  const tty = config.Config?.Tty === true;
  const withStdin = options.noStdin !== true && config.Config?.OpenStdin === true;
  const attachment = await engine.attachContainer(target.id, {
    tty,
    stdout: streams.stdout,
    stderr: streams.stderr,
    ...(withStdin ? { stdin: streams.stdin } : {}),
    ...(options.detachKeys !== undefined ? { detachKeys: options.detachKeys } : {}),
    ...(tty ? { terminal: terminalSizes(streams.stdout) } : {}),
  });
  const restoreTerminal = tty && withStdin ? rawMode(streams.stdin) : () => undefined;
  const stopForwarding =
    !tty && options.sigProxy !== false
      ? forwardSignals(
          (signal) => void engine.killContainer(target.id, signal).catch(() => undefined),
        )
      : () => undefined;
  try {
    await attachment.resize();
    await attachment.ended;
  } finally {
    restoreTerminal();
    stopForwarding();
    attachment.close();
  }
  // The output ends a moment before the engine reports the exit: give it that moment.
  const exit = await Promise.race([
    engine.waitContainer(target.id, 'not-running'),
    new Promise<undefined>((resolve) => setTimeout(resolve, EXIT_GRACE_MS)),
  ]);
  return exit ? { exitCode: exit.exitCode, detached: false } : { exitCode: 0, detached: true };
}

/** Past this, a container still running after its output ended was detached from. */
const EXIT_GRACE_MS = 1000;
