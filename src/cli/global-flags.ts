/**
 * The global flags of `docker compose`, which users write BEFORE the command
 * (`tscompose -f a.yaml -p demo up`). oclif only parses flags after the command
 * id, so the launcher moves these behind it; this table says which take a value.
 * Kept free of imports: the launcher loads it before anything else.
 */
export const GLOBAL_FLAGS_WITH_VALUE: ReadonlySet<string> = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
  '--workdir',
  '--progress',
  '--ansi',
  '--parallel',
  '--engine',
]);

export const GLOBAL_BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  '--dry-run',
  '--no-ansi',
  '--compatibility',
]);

/**
 * Moves global flags written before the command id to after it, so that
 * `-f x.yaml config -q` becomes `config -f x.yaml -q`. Arguments after the command
 * are left untouched. Returns the input unchanged when no command follows.
 */
export function moveGlobalFlagsAfterCommand(argv: readonly string[]): string[] {
  const leading: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index]!;
    const name = arg.startsWith('--') ? arg.split('=')[0]! : arg;
    if (GLOBAL_FLAGS_WITH_VALUE.has(name)) {
      const inline = arg.startsWith('--') && arg.includes('=');
      // `-fcompose.yaml` style short flags with attached values are rare; keep them whole.
      leading.push(...(inline ? [arg] : argv.slice(index, index + 2)));
      index += inline ? 1 : 2;
    } else if (GLOBAL_BOOLEAN_FLAGS.has(name)) {
      leading.push(arg);
      index += 1;
    } else if (/^-f./.test(arg) || /^-p./.test(arg)) {
      leading.push(arg);
      index += 1;
    } else {
      break;
    }
  }
  if (index >= argv.length || leading.length === 0) return [...argv];
  return [argv[index]!, ...leading, ...argv.slice(index + 1)];
}
