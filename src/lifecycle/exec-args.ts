/**
 * Command-line pieces shared by `exec`, `run` and `attach`, kept pure.
 *
 * `exec web sh -c 'exit 3'`: as in Docker Compose (cobra's SetInterspersed(false))
 * flags are read only up to the service; everything after it is the command,
 * verbatim, even when it looks like a flag of ours (`-c`, `-e`, `--`).
 */
import { ComposeError } from '../spec/diagnostics.js';

/** What the splitter needs to know of a flag: its spellings and whether it takes a value. */
export interface FlagSpelling {
  readonly name: string;
  readonly char?: string;
  readonly aliases?: readonly string[];
  readonly takesValue: boolean;
}

/** The flags of an oclif command class (`{ ...baseFlags, ...flags }`) as spellings. */
export function flagSpellings(
  flags: Readonly<
    Record<string, { type: string; char?: string; aliases?: readonly string[] } | undefined>
  >,
): FlagSpelling[] {
  return Object.entries(flags).flatMap(([name, flag]) =>
    flag
      ? [
          {
            name,
            ...(flag.char !== undefined ? { char: flag.char } : {}),
            ...(flag.aliases !== undefined ? { aliases: flag.aliases } : {}),
            takesValue: flag.type === 'option',
          },
        ]
      : [],
  );
}

/**
 * Splits argv at the first argument that is not a flag or a flag's value:
 * `head` ends with that argument (the service), `tail` is the rest, untouched.
 * Unknown flags are left in `head` for the parser to reject.
 */
export function splitAfterFirstArgument(
  argv: readonly string[],
  spellings: readonly FlagSpelling[],
): { head: string[]; tail: string[] } {
  const long = new Map<string, boolean>();
  const short = new Map<string, boolean>();
  for (const spelling of spellings) {
    long.set(spelling.name, spelling.takesValue);
    for (const alias of spelling.aliases ?? []) long.set(alias, spelling.takesValue);
    if (spelling.char !== undefined) short.set(spelling.char, spelling.takesValue);
  }
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index]!;
    if (arg === '--') return { head: argv.slice(0, index + 2), tail: argv.slice(index + 2) };
    if (arg.startsWith('--')) {
      const takesValue = !arg.includes('=') && long.get(arg.slice(2)) === true;
      index += takesValue ? 2 : 1;
    } else if (arg.startsWith('-') && arg.length > 1) {
      index += shortConsumesNext(arg.slice(1), short) ? 2 : 1;
    } else {
      return { head: argv.slice(0, index + 1), tail: argv.slice(index + 1) };
    }
  }
  return { head: [...argv], tail: [] };
}

/** `-dT` is booleans; `-e` takes the next argument, `-eFOO=1` carries its value. */
function shortConsumesNext(chars: string, short: ReadonlyMap<string, boolean>): boolean {
  for (let i = 0; i < chars.length; i++) {
    if (short.get(chars[i]!) === true) return i === chars.length - 1;
  }
  return false;
}

/**
 * `-e KEY=VAL` entries as `KEY=VAL`; a bare `KEY` takes its value from `lookup`
 * and is dropped when unset (compose's `NewMappingWithEquals(...).Resolve`).
 */
export function resolveEnvAssignments(
  entries: readonly string[],
  lookup: (key: string) => string | undefined,
): string[] {
  const result: string[] = [];
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals === 0)
      throw ComposeError.of({
        code: 'usage.env',
        message: `invalid environment variable "${entry}": the name is empty`,
      });
    if (equals > 0) {
      result.push(entry);
      continue;
    }
    const value = lookup(entry);
    if (value !== undefined) result.push(`${entry}=${value}`);
  }
  return result;
}

/** `-l KEY=VALUE` entries into a record; a label without `=` is an error, as in compose. */
export function parseLabelAssignments(entries: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals <= 0)
      throw ComposeError.of({
        code: 'usage.label',
        message: `invalid label "${entry}": label must be set as KEY=VALUE`,
      });
    labels[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return labels;
}

/**
 * The launcher moves global flags written before the command behind it
 * (`-p demo run web` → `run -p demo web`), where some short spellings mean
 * something else (`run -p` publishes a port, `exec -w` is the workdir). Those
 * moved flags are given their unambiguous long names again (`renames`), found
 * by comparing argv with the process's own arguments; any other argv is left as is.
 */
export function leadingGlobalsAsLong(
  argv: readonly string[],
  original: readonly string[],
  commandId: string,
  renames: Readonly<Record<string, string>>,
): string[] {
  const commandAt = original.indexOf(commandId);
  if (commandAt <= 0) return [...argv];
  const leading = original.slice(0, commandAt);
  if (leading.some((arg, i) => argv[i] !== arg)) return [...argv];
  return argv.map((arg, i) => (i < leading.length ? (renames[arg] ?? arg) : arg));
}

/**
 * The whole argv treatment of `exec`/`run`: moved global flags renamed, then
 * split after the service. `head` is what oclif parses, `tail` the command.
 */
export function splitCommandLine(
  argv: readonly string[],
  command: {
    readonly id: string;
    readonly flags: Parameters<typeof flagSpellings>[0];
    readonly renames: Readonly<Record<string, string>>;
  },
  original: readonly string[] = process.argv.slice(2),
): { head: string[]; tail: string[] } {
  const renamed = leadingGlobalsAsLong(argv, original, command.id, command.renames);
  return splitAfterFirstArgument(renamed, flagSpellings(command.flags));
}
