/**
 * How the built-in engine runs the short-lived host tools it drives (ip,
 * mount, umount, runc start/kill/delete, ps, mknod...): run to completion,
 * collect stdout and stderr, fail on a non-zero exit.
 *
 * Two ways to do it. `runDirect` spawns from this process, which is what the
 * library and its tests use. The daemon installs a `ShellSpawner`
 * (shell-spawner.ts) instead: Node's spawn forks the whole daemon and blocks
 * its event loop until the child has exec'd (~2 ms each on these machines,
 * and a cold `up` of 50 services makes some 250 of them), where a small shell
 * forks in a fraction of that while the daemon goes on serving.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandOptions {
  /** Written to the command's stdin (else it reads nothing). */
  readonly input?: string;
  /** The working directory of the command. */
  readonly cwd?: string;
  /**
   * `file` is a POSIX shell script (ours, never user input) and `args` its
   * $1...: the daemon's shell runs it without starting another shell.
   */
  readonly script?: boolean;
}

/**
 * Host tools get PATH and nothing else, whichever way they run: nothing of
 * the daemon's environment (NOTIFY_SOCKET, LISTEN_FDS, a locale that would
 * translate the messages we read) reaches runc, crun or conmon.
 */
export function commandEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  };
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export type RunCommand = (
  file: string,
  args: readonly string[],
  options?: CommandOptions,
) => Promise<CommandResult>;

/**
 * A command that exited non-zero, was killed, or could not start. `stderr`
 * holds its complaint (the modules' `describeFailure` read it from there).
 */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';

  constructor(
    readonly command: string,
    /** The exit status; 128+N when a signal ended it; null when it never ran. */
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${command} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
      options,
    );
  }
}

/** The command line as a person would read it in an error message. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].join(' ');
}

/** Spawns from this process. */
export const runDirect: RunCommand = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    const [command, commandArgs] = options.script
      ? ['/bin/sh', ['-c', file, 'sh', ...args]]
      : [file, args];
    const child = spawn(command, commandArgs, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: commandEnv(),
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // EPIPE when the tool exits before reading its input: the exit code says more.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) =>
      reject(new CommandFailed(commandLine(file, args), null, '', error.message, { cause: error })),
    );
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else {
        const status = code ?? (signal ? 128 + constants.signals[signal] : null);
        reject(new CommandFailed(commandLine(file, args), status, stdout, stderr));
      }
    });
    child.stdin.end(options.input ?? '');
  });

let current: RunCommand = runDirect;

/** Runs a host tool the way this process was told to (`useCommandRunner`), by default directly. */
export const runCommand: RunCommand = (file, args, options) => current(file, args, options);

/** Makes `runCommand` go through `runner`; returns the function that puts the previous one back. */
export function useCommandRunner(runner: RunCommand): () => void {
  const previous = current;
  current = runner;
  return () => {
    current = previous;
  };
}
