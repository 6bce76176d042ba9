/**
 * The fast path's command-line parser (see oclif-lite.ts for why it exists).
 * It returns what oclif's parser returns for the command lines it accepts, and
 * throws `FallBack` for every other one, so oclif answers those itself.
 */

export interface FlagDefinition {
  readonly type: 'boolean' | 'option';
  readonly char?: string;
  readonly aliases?: readonly string[];
  readonly multiple?: boolean;
  readonly multipleNonGreedy?: boolean;
  readonly options?: readonly string[];
  readonly default?: unknown;
  readonly allowNo?: boolean;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export interface ArgDefinition {
  readonly name: string;
  readonly required?: boolean;
  readonly default?: string;
}

/** This command line is for oclif to handle (help, an error message, a rarer syntax). */
export class FallBack extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FallBack';
  }
}

export interface ParsedCommandLine {
  flags: Record<string, unknown>;
  args: Record<string, string | undefined>;
  argv: string[];
}

interface Lookup {
  readonly long: ReadonlyMap<string, string>;
  readonly short: ReadonlyMap<string, string>;
}

function lookupTable(flags: Record<string, FlagDefinition>): Lookup {
  const long = new Map<string, string>();
  const short = new Map<string, string>();
  for (const [name, flag] of Object.entries(flags)) {
    long.set(name, name);
    for (const alias of flag.aliases ?? []) long.set(alias, name);
    if (flag.char) short.set(flag.char, name);
  }
  return { long, short };
}

function optionValue(name: string, flag: FlagDefinition, raw: string): unknown {
  if (flag.options && !flag.options.includes(raw)) throw new FallBack(`--${name}: not an option`);
  if (!flag.integer) return raw;
  if (!/^-?\d+$/.test(raw)) throw new FallBack(`--${name}: not an integer`);
  const value = Number(raw);
  if ((flag.min !== undefined && value < flag.min) || (flag.max !== undefined && value > flag.max))
    throw new FallBack(`--${name}: out of range`);
  return value;
}

export function parseCommandLine(
  argv: readonly string[],
  flags: Record<string, FlagDefinition>,
  args: readonly ArgDefinition[],
  strict: boolean,
): ParsedCommandLine {
  const { long, short } = lookupTable(flags);
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const set = (name: string, value: unknown): void => {
    const flag = flags[name]!;
    if (flag.multiple) {
      // A greedy multiple takes the following words too: oclif's rules, not ours.
      if (!flag.multipleNonGreedy) throw new FallBack(`--${name}: greedy multiple`);
      values[name] = [...((values[name] as unknown[] | undefined) ?? []), value];
    } else {
      if (name in values) throw new FallBack(`--${name}: given twice`);
      values[name] = value;
    }
  };
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index]!;
    if (word === '--') throw new FallBack('--');
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      const key = equals === -1 ? word.slice(2) : word.slice(2, equals);
      const inline = equals === -1 ? undefined : word.slice(equals + 1);
      const name = long.get(key);
      if (name === undefined && key.startsWith('no-')) {
        const positive = long.get(key.slice(3));
        if (positive && flags[positive]!.allowNo && flags[positive]!.type === 'boolean') {
          if (inline !== undefined) throw new FallBack(`--${key}=`);
          set(positive, false);
          continue;
        }
      }
      if (name === undefined) throw new FallBack(`unknown flag --${key}`);
      const flag = flags[name]!;
      if (flag.type === 'boolean') {
        if (inline !== undefined) throw new FallBack(`--${key}=`);
        set(name, true);
        continue;
      }
      const raw = inline ?? argv[++index];
      if (raw === undefined || (inline === undefined && raw.startsWith('-') && raw !== '-'))
        throw new FallBack(`--${key}: no value`);
      set(name, optionValue(name, flag, raw));
    } else if (word.startsWith('-') && word !== '-') {
      const name = word.length === 2 ? short.get(word[1]!) : undefined;
      if (name === undefined) throw new FallBack(`short flag ${word}`);
      const flag = flags[name]!;
      if (flag.type === 'boolean') {
        set(name, true);
        continue;
      }
      const raw = argv[++index];
      if (raw === undefined || (raw.startsWith('-') && raw !== '-'))
        throw new FallBack(`${word}: no value`);
      set(name, optionValue(name, flag, raw));
    } else {
      positionals.push(word);
    }
  }
  for (const [name, flag] of Object.entries(flags)) {
    if (!(name in values) && flag.default !== undefined) {
      if (typeof flag.default === 'function') throw new FallBack(`--${name}: computed default`);
      values[name] = flag.default;
    }
  }
  if (strict && positionals.length > args.length) throw new FallBack('unexpected arguments');
  const parsedArgs: Record<string, string | undefined> = {};
  args.forEach((arg, index) => {
    const value = positionals[index] ?? arg.default;
    if (value === undefined && arg.required) throw new FallBack(`missing ${arg.name}`);
    parsedArgs[arg.name] = value;
  });
  return { flags: values, args: parsedArgs, argv: positionals };
}
