/**
 * Runs ip/iptables with an optional script on stdin (`ip -batch -`,
 * `iptables-restore`): one spawn for many commands, which is most of what
 * makes the network floor cheap (research notes §1).
 */
import { spawn } from 'node:child_process';

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

export function runTool(
  file: string,
  args: readonly string[],
  input?: string,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // EPIPE when the tool exits before reading its script: the exit code says more.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) =>
      reject(new ToolError(file, null, error.message, { cause: error })),
    );
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ToolError([file, ...args].join(' '), code, stderr || stdout));
    });
    child.stdin.end(input ?? '');
  });
}
