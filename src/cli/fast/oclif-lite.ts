/**
 * A stand-in for the part of `@oclif/core` our commands use (Command, Flags,
 * Args), for the fast start path (issue 7). The fast bundle is built with
 * `@oclif/core` aliased to this module, so the commands run unchanged without
 * loading oclif, whose initialisation alone (config, plugin loader, help,
 * semver, …) costs more than a whole `ps` may take.
 *
 * Why our own parser and not oclif's: oclif's parser cannot be loaded without
 * its Command/config graph. This one is deliberately partial: it accepts only
 * command lines whose meaning is unambiguous (`--flag value`, `--flag=value`,
 * `-x value`, booleans, non-greedy multiples, positional args) and throws
 * `FallBack` for anything else (help, unknown or repeated flags, invalid
 * values, `--`, clustered short flags, greedy multiples, missing args). The
 * launcher then runs the same command through real oclif, which produces its
 * usual output and errors; since every command parses before doing anything,
 * a fallback happens before any side effect.
 */
import { format } from 'node:util';
import { parseCommandLine, type ArgDefinition, type FlagDefinition } from './parse.js';

export { FallBack } from './parse.js';

type FlagOptions = Omit<FlagDefinition, 'type' | 'integer'> & Record<string, unknown>;

export const Flags = {
  boolean: (options: FlagOptions = {}): FlagDefinition => ({ ...options, type: 'boolean' }),
  string: (options: FlagOptions = {}): FlagDefinition => ({ ...options, type: 'option' }),
  integer: (options: FlagOptions = {}): FlagDefinition => ({
    ...options,
    type: 'option',
    integer: true,
  }),
};

export const Args = {
  string: (options: Omit<ArgDefinition, 'name'> & Record<string, unknown> = {}) => ({
    ...options,
  }),
};

/** oclif's error for `this.error()`: printed as ` ›   Error: message`, exits with `oclif.exit`. */
export class CLIError extends Error {
  readonly oclif: { exit: number };
  constructor(message: string, exit: number) {
    super(message);
    this.oclif = { exit };
  }
}

/** oclif's error for `this.exit()`: not printed, only an exit code. */
export class ExitError extends CLIError {
  readonly code = 'EEXIT';
  constructor(exit: number) {
    super(`EEXIT: ${exit}`, exit);
  }
}

export interface LiteConfig {
  readonly bin: string;
  readonly version: string;
}

interface CommandClass {
  readonly flags?: Record<string, FlagDefinition>;
  readonly baseFlags?: Record<string, FlagDefinition>;
  readonly args?: Record<string, Omit<ArgDefinition, 'name'>>;
  readonly strict?: boolean;
}

export abstract class Command {
  static strict = true;
  id: string | undefined;

  constructor(
    readonly argv: string[],
    readonly config: LiteConfig,
  ) {}

  abstract run(): Promise<unknown>;

  async parse(command: CommandClass): Promise<{
    flags: Record<string, unknown>;
    args: Record<string, string | undefined>;
    argv: string[];
  }> {
    const flags = { ...command.baseFlags, ...command.flags };
    const args = Object.entries(command.args ?? {}).map(([name, arg]) => ({ ...arg, name }));
    return parseCommandLine(this.argv, flags, args, command.strict ?? true);
  }

  error(message: string | Error, options: { exit?: number | false } = {}): never {
    const text = message instanceof Error ? message.message : message;
    throw new CLIError(text, options.exit === false ? 1 : (options.exit ?? 2));
  }

  exit(code = 0): never {
    throw new ExitError(code);
  }

  log(message = '', ...args: unknown[]): void {
    process.stdout.write(`${format(message, ...args)}\n`);
  }

  warn(input: string | Error): string | Error {
    const text = input instanceof Error ? input.message : input;
    process.stderr.write(`${prettyError('Warning', text)}\n`);
    return input;
  }

  /** Like oclif's: rethrow, so the launcher prints and exits. */
  protected async catch(error: Error): Promise<unknown> {
    throw error;
  }

  /** Runs the command; a `FallBack` skips `catch` so the launcher can hand over to oclif. */
  async runLite(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      if (error instanceof Error && error.name === 'FallBack') throw error;
      await this.catch(error as Error);
    }
  }
}

/** oclif's error layout: ` ›   Error: text`, long lines wrapped like oclif's (width − 6). */
export function prettyError(label: string, message: string): string {
  const width = (process.stderr.isTTY ? process.stderr.columns : undefined) ?? 80;
  const limit = Math.max(20, width - 6);
  const lines: string[] = [];
  for (const line of `${label}: ${message}`.split('\n')) {
    if (line.length === 0) lines.push('');
    for (let start = 0; start < line.length; start += limit)
      lines.push(line.slice(start, start + limit));
  }
  return lines.map((line) => ` ›   ${line}`).join('\n');
}
