// Running the built CLI (bin/tscompose.js, so `npm run build` first) from
// integration tests: synchronously for a plain command, or as a child process
// for what a test must interrupt, run concurrently or watch while it runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The executable under test; `TSCOMPOSE_TEST_BIN` points at another build (a
 * private copy of bin/ + dist/, safe from a rebuild of the shared tree mid-run).
 */
export const tscomposeBin =
  process.env.TSCOMPOSE_TEST_BIN ?? resolve(import.meta.dirname, '../../bin/tscompose.js');

export interface CliResult {
  /** The exit code; `null` when the process ended by a signal (see `signal`). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills the child after this long (default 120 s) so a hang fails the test instead of stalling it. */
  readonly timeoutMs?: number;
}

const environment = (extra: CliOptions['env']) => ({ ...process.env, ...extra });

/** Runs `tscompose ARGS…` to completion. */
export function cli(args: readonly string[], options: CliOptions): CliResult {
  const result = spawnSync('node', [tscomposeBin, ...args], {
    cwd: options.cwd,
    env: environment(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  if (result.error) throw result.error;
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /** Resolves once stdout or stderr matches; rejects after `timeoutMs` or if the process ends first. */
  waitForOutput(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Sends a signal (SIGINT is Ctrl-C). */
  signal(name: NodeJS.Signals): void;
  readonly exited: Promise<CliResult>;
}

/** Starts `tscompose ARGS…` and returns at once. */
export function spawnCli(args: readonly string[], options: CliOptions): RunningCli {
  const child = spawn('node', [tscomposeBin, ...args], {
    cwd: options.cwd,
    env: environment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString('utf8')), changed()));
  child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString('utf8')), changed()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const exited = new Promise<CliResult>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      ended = true;
      changed();
      done({ code, signal, stdout, stderr });
    });
  });
  const matches = (pattern: string | RegExp) =>
    [stdout, stderr].some((text) =>
      typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text),
    );
  return {
    child,
    output: () => ({ stdout, stderr }),
    signal: (name) => void child.kill(name),
    exited,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise<void>((done, fail) => {
        const finish = (error?: Error) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (error) fail(error);
          else done();
        };
        const check = () => {
          if (matches(pattern)) finish();
          else if (ended)
            finish(new Error(`exited before printing ${String(pattern)}:\n${stdout}${stderr}`));
        };
        const timer = setTimeout(
          () => finish(new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${stderr}`)),
          timeoutMs,
        );
        listeners.add(check);
        check();
      });
    },
  };
}
