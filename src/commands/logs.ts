import { Flags } from '@oclif/core';
import { ComposeCommand, globalFlags } from '../cli/compose-command.js';
import { ComposeError } from '../spec/diagnostics.js';
import { LogFormatter } from '../ui/log-prefix.js';
import { useColour, type AnsiMode } from '../ui/terminal.js';

export default class Logs extends ComposeCommand {
  static override summary = 'View output from containers';
  static override strict = false;
  static override usage = 'logs [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> logs',
    '<%= config.bin %> logs -f web',
    '<%= config.bin %> logs --tail 20 --timestamps',
  ];

  // `-f` is --follow here, as in docker compose; the global file flag keeps its long name.
  static override baseFlags = {
    ...globalFlags,
    file: Flags.string({
      multiple: true,
      helpGroup: 'GLOBAL',
      description: 'Compose configuration files ("-" reads standard input) [env: COMPOSE_FILE]',
    }),
  };

  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'Follow log output' }),
    index: Flags.integer({
      description: 'index of the container if service has multiple replicas',
    }),
    since: Flags.string({
      description:
        'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)',
    }),
    until: Flags.string({
      description:
        'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)',
    }),
    tail: Flags.string({
      char: 'n',
      default: 'all',
      description: 'Number of lines to show from the end of the logs for each container',
    }),
    timestamps: Flags.boolean({ char: 't', description: 'Show timestamps' }),
    'no-color': Flags.boolean({ description: 'Produce monochrome output' }),
    'no-log-prefix': Flags.boolean({ description: "Don't print prefix in logs" }),
  };

  async run(): Promise<void> {
    this.argv = leadingFileFlagsAsLong(this.argv, process.argv.slice(2), this.id ?? 'logs');
    const { flags, argv } = await this.parse(Logs);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const tail = parseTail(flags.tail);
    const [{ openEngine }, { logs }, { parseLogTime }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/logs.js'),
      import('../lifecycle/log-time.js'),
    ]);
    const now = Date.now();
    const since = flags.since !== undefined ? parseLogTime('--since', flags.since, now) : undefined;
    const until = flags.until !== undefined ? parseLogTime('--until', flags.until, now) : undefined;
    const name = await this.projectName(flags, services);
    const engine = await openEngine(process.env);
    const formatter = new LogFormatter({
      colour: !flags['no-color'] && useColour(global.ansi as AnsiMode, process.stdout, process.env),
      prefix: !flags['no-log-prefix'],
      timestamps: flags.timestamps,
    });
    // Ctrl-C ends following; that is how `logs -f` is meant to stop, so it exits 0.
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.on('SIGINT', onSigint);
    try {
      const lines = logs(name, engine, {
        services,
        follow: flags.follow,
        signal: stop.signal,
        ...(flags.index !== undefined ? { index: flags.index } : {}),
        ...(tail !== undefined ? { tail } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      // The container's stderr goes to our stderr, as docker compose does.
      for await (const entry of lines)
        (entry.stream === 'stderr' ? process.stderr : process.stdout).write(formatter.line(entry));
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
}

/** `--tail all` (the default) or a number of lines. */
function parseTail(text: string): number | undefined {
  if (text === 'all' || text === '-1') return undefined;
  if (!/^\d+$/.test(text))
    throw ComposeError.of({
      code: 'usage.tail',
      message: `invalid --tail "${text}": expected a number of lines or "all"`,
    });
  return Number(text);
}

/**
 * The launcher moves global flags written before the command behind it
 * (`-f a.yaml logs -f` → `logs -f a.yaml -f`), where `-f` means --follow; those
 * moved `-f` are the file flag, so they are spelled `--file` again. Recognised by
 * comparing with the process's own arguments; any other argv is left as is.
 */
export function leadingFileFlagsAsLong(
  argv: readonly string[],
  original: readonly string[],
  commandId: string,
): string[] {
  const commandAt = original.indexOf(commandId);
  if (commandAt <= 0) return [...argv];
  const leading = original.slice(0, commandAt);
  if (leading.some((arg, i) => argv[i] !== arg)) return [...argv];
  return argv.map((arg, i) => (i < leading.length && arg === '-f' ? '--file' : arg));
}
