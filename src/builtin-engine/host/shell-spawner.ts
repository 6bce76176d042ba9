/**
 * Runs host tools through one long-lived `/bin/sh` (see commands.ts for why).
 *
 * Each request is one line on the shell's stdin that runs the command in a
 * background subshell with its stdin, stdout and stderr on files in a private
 * directory (on tmpfs where there is one), then prints `<status> <id>` on the
 * shell's stdout; lines that short are written atomically, so completions of
 * commands running side by side never interleave. Arguments are passed in
 * single quotes, which the shell takes literally, whatever they contain.
 *
 * The shell has its own process group, so a Ctrl-C meant for a foreground
 * `engine serve` leaves it to finish the commands of the shutdown; it reads
 * EOF and exits when the daemon dies. Should it die first, the commands that
 * were in flight fail and later ones are spawned directly.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import {
  CommandFailed,
  commandEnv,
  commandLine,
  runDirect,
  type CommandOptions,
  type CommandResult,
} from './commands.js';

/** Quotes a word for the POSIX shell: inside '…' only ' itself needs care. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The line that runs one command; `files` are where its stdin, stdout and stderr go. */
export function requestLine(
  id: number,
  file: string,
  args: readonly string[],
  files: { readonly input: string | undefined; readonly stdout: string; readonly stderr: string },
  cwd?: string,
  script = false,
): string {
  // A script runs in a subshell of its own, so its `exit` cannot skip the completion line.
  const command = script
    ? `( set -- ${args.map(shellQuote).join(' ')}; ${file}\n)`
    : [file, ...args].map(shellQuote).join(' ');
  const body = cwd === undefined ? command : `cd ${shellQuote(cwd)} && ${command}`;
  const input = files.input === undefined ? '/dev/null' : shellQuote(files.input);
  return `( { ${body}; } <${input} >${shellQuote(files.stdout)} 2>${shellQuote(files.stderr)}; echo "$? ${id}" ) &\n`;
}

/** A completion line: `<status> <id>`. */
export function parseCompletion(line: string): { id: number; status: number } | undefined {
  const match = /^(\d+) (\d+)$/.exec(line);
  return match ? { status: Number(match[1]), id: Number(match[2]) } : undefined;
}

interface Pending {
  readonly resolve: (status: number) => void;
  readonly reject: (error: Error) => void;
}

export class ShellSpawner {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** False once the shell exited (or is closing): new commands are spawned directly. */
  private accepting = true;
  private closed = false;
  private buffered = '';

  private constructor(
    private readonly dir: string,
    private readonly shell: ChildProcessByStdio<Writable, Readable, null>,
  ) {
    shell.stdout.setEncoding('utf8');
    shell.stdout.on('data', (chunk: string) => this.onOutput(chunk));
    shell.stdin.on('error', () => undefined);
    shell.on('error', () => this.onClose());
    shell.on('exit', () => (this.accepting = false));
    // 'close' comes when the shell has exited and every subshell that held its
    // stdout is done: only then can no completion arrive any more.
    shell.on('close', () => this.onClose());
  }

  /** Starts the shell; `dir` is made (and emptied on close) for the commands' files. */
  static async start(dir: string, shellPath = '/bin/sh'): Promise<ShellSpawner> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const shell = spawn(shellPath, [], {
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
      env: commandEnv(),
    });
    // The daemon's lifetime is its own business; the shell must not hold it open.
    shell.unref();
    return new ShellSpawner(dir, shell);
  }

  /** The shell's pid (its process group too). */
  get pid(): number {
    return this.shell.pid ?? 0;
  }

  /** A RunCommand (commands.ts). */
  readonly run = async (
    file: string,
    args: readonly string[],
    options: CommandOptions = {},
  ): Promise<CommandResult> => {
    if (!this.accepting) return runDirect(file, args, options);
    const id = this.nextId++;
    const base = join(this.dir, String(id));
    const files = {
      input: options.input === undefined ? undefined : `${base}.in`,
      stdout: `${base}.out`,
      stderr: `${base}.err`,
    };
    if (files.input !== undefined) writeFileSync(files.input, options.input ?? '');
    let status: number;
    try {
      status = await new Promise<number>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.shell.stdin.write(
          requestLine(id, file, args, files, options.cwd, options.script === true),
        );
      });
    } catch (error) {
      removeFiles(files);
      throw new CommandFailed(commandLine(file, args), null, '', (error as Error).message, {
        cause: error,
      });
    }
    const stdout = readOutput(files.stdout);
    const stderr = readOutput(files.stderr);
    removeFiles(files);
    if (status !== 0) throw new CommandFailed(commandLine(file, args), status, stdout, stderr);
    return { stdout, stderr };
  };

  /** Lets the shell finish what it runs and exit; removes the directory. */
  async close(): Promise<void> {
    this.accepting = false;
    if (!this.closed) {
      const closed = new Promise((resolve) => this.shell.once('close', resolve));
      // The shell exits at EOF; commands in flight still report before 'close'.
      this.shell.stdin.end();
      await closed;
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private onOutput(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const completion = parseCompletion(this.buffered.slice(0, newline));
      this.buffered = this.buffered.slice(newline + 1);
      if (!completion) continue;
      const waiter = this.pending.get(completion.id);
      this.pending.delete(completion.id);
      waiter?.resolve(completion.status);
    }
  }

  private onClose(): void {
    this.accepting = false;
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.pending.values())
      waiter.reject(new Error('the engine’s command shell exited while the command ran'));
    this.pending.clear();
  }
}

/*
 * The commands' files are tiny and live on tmpfs: synchronous calls cost a few
 * microseconds each, where the promise versions take several trips through
 * the thread pool per file (and were a visible part of the daemon's CPU).
 */
function readOutput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function removeFiles(files: { input: string | undefined; stdout: string; stderr: string }): void {
  for (const path of [files.stdout, files.stderr, files.input]) {
    if (path === undefined) continue;
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}
