/**
 * `exec SERVICE CMD...` as a library call: the command runs in the service's
 * container (compose's choice of container, `--index`), with a TTY in raw mode
 * following the local terminal's size, or piped; resolves to its exit code.
 */
import type { Engine } from '../engine/types.js';
import { targetContainer } from './exec-target.js';
import { rawMode, terminalSizes, type LocalStreams } from './exec-terminal.js';

export interface ExecOptions {
  readonly service: string;
  readonly command: readonly string[];
  /** `--index`: the container number; default the first running one. */
  readonly index?: number;
  /** `-d`: start the command and return at once. */
  readonly detach?: boolean;
  /** `-e`, already as `KEY=VALUE` (see `resolveEnvAssignments`). */
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly privileged?: boolean;
  /** Allocate a TTY (see `wantsTty`); the local input is put in raw mode meanwhile. */
  readonly tty?: boolean;
  /** Forward the local input to the command (compose's default). */
  readonly interactive?: boolean;
}

export async function execInService(
  projectName: string,
  engine: Engine,
  options: ExecOptions,
  streams: LocalStreams,
): Promise<{ readonly exitCode: number }> {
  const target = await targetContainer(engine, projectName, options.service, {
    ...(options.index !== undefined ? { index: options.index } : {}),
  });
  const detach = options.detach === true;
  const tty = options.tty === true;
  const restore = tty && !detach ? rawMode(streams.stdin) : () => undefined;
  try {
    return await engine.exec(target.id, {
      command: options.command,
      tty,
      detach,
      privileged: options.privileged === true,
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.workingDir !== undefined ? { workingDir: options.workingDir } : {}),
      ...(options.interactive !== false && !detach ? { stdin: streams.stdin } : {}),
      stdout: streams.stdout,
      stderr: streams.stderr,
      ...(tty ? { terminal: terminalSizes(streams.stdout) } : {}),
    });
  } finally {
    restore();
  }
}
