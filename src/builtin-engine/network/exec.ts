/**
 * Runs ip/iptables with an optional script on stdin (`ip -batch -`,
 * `iptables-restore`): one spawn for many commands, which is most of what
 * makes the network floor cheap (research notes §1). Spawned the way the
 * daemon chose (host/commands.ts).
 */
import { CommandFailed, runCommand } from '../host/commands.js';

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** A tool that exited non-zero (or could not start); `stderr` holds its complaint. */
export class ToolError extends Error {
  override readonly name = 'ToolError';

  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${command} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim()}`,
      options,
    );
  }
}

export async function runTool(
  file: string,
  args: readonly string[],
  input?: string,
): Promise<ToolResult> {
  try {
    return await runCommand(file, args, input === undefined ? {} : { input });
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    const command = error.exitCode === null ? file : [file, ...args].join(' ');
    throw new ToolError(command, error.exitCode, error.stderr || error.stdout, { cause: error });
  }
}
