import { Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';

export default class Events extends ComposeCommand {
  static override summary = 'Receive real time events from containers';
  static override strict = false;
  static override usage = 'events [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> events', '<%= config.bin %> events --json web'];

  static override flags = {
    json: Flags.boolean({ description: 'Output events as a stream of json objects' }),
    since: Flags.string({ description: 'Show all events created since timestamp' }),
    until: Flags.string({ description: 'Stream events until this timestamp' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Events);
    this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const name = await this.projectName(flags, services);
    const [{ openEngine }, { projectEvents, eventJson, eventLine }, { parseLogTime }] =
      await Promise.all([
        import('../engine/index.js'),
        import('../lifecycle/events.js'),
        import('../lifecycle/log-time.js'),
      ]);
    const now = Date.now();
    const seconds = (flag: string, value: string | undefined) =>
      value === undefined ? undefined : parseLogTime(flag, value, now);
    const since = seconds('--since', flags.since);
    const until = seconds('--until', flags.until);
    const engine = await openEngine(process.env);
    // Ctrl-C is how a followed event stream is meant to end: exit 0.
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.on('SIGINT', onSigint);
    try {
      const events = projectEvents(engine, name, {
        services,
        signal: stop.signal,
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      for await (const event of events)
        process.stdout.write(`${flags.json ? eventJson(event) : eventLine(event)}\n`);
    } finally {
      process.off('SIGINT', onSigint);
    }
    this.exit(0);
  }
}
