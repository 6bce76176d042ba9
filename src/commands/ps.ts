import { Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';
import type { ContainerState } from '../engine/types.js';
import { ComposeError } from '../spec/diagnostics.js';
import { renderPsJson, renderPsTable } from '../ui/ps-table.js';

const STATES = [
  'paused',
  'restarting',
  'removing',
  'running',
  'dead',
  'created',
  'exited',
] as const;

export default class Ps extends ComposeCommand {
  static override summary = 'List containers';
  static override strict = false;
  static override usage = 'ps [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> ps',
    '<%= config.bin %> ps -a --format json',
    '<%= config.bin %> ps --status exited -q',
  ];

  static override flags = {
    all: Flags.boolean({
      char: 'a',
      description: 'Show all stopped containers (including those created by the run command)',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Only display IDs' }),
    services: Flags.boolean({ description: 'Display services' }),
    format: Flags.string({
      options: ['table', 'json'],
      default: 'table',
      description: 'Format the output',
    }),
    status: Flags.string({
      multiple: true,
      options: [...STATES],
      description: 'Filter services by status',
    }),
    filter: Flags.string({
      multiple: true,
      description: 'Filter services by a property (supported filters: status)',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Ps);
    this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const statuses = [
      ...(flags.status ?? []),
      ...(flags.filter ?? []).map(statusFilter),
    ] as ContainerState[];
    const name = await this.projectName(flags, services);
    const [{ openEngine }, { ps }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/ps.js'),
    ]);
    const engine = await openEngine(process.env);
    const details = !flags.quiet && !flags.services;
    const rows = await ps(name, engine, { services, all: flags.all, statuses, details });
    if (flags.quiet) process.stdout.write(rows.map((row) => `${row.ID}\n`).join(''));
    else if (flags.services)
      process.stdout.write(
        [...new Set(rows.map((row) => row.Service))]
          .sort()
          .map((s) => `${s}\n`)
          .join(''),
      );
    else if (flags.format === 'json') process.stdout.write(renderPsJson(rows));
    else process.stdout.write(renderPsTable(rows, Date.now()));
  }
}

function statusFilter(filter: string): string {
  const match = /^status=(.+)$/.exec(filter);
  if (!match || !(STATES as readonly string[]).includes(match[1]!))
    throw ComposeError.of({
      code: 'usage.filter',
      message: `invalid filter "${filter}": expected status=${STATES.join('|')}`,
    });
  return match[1]!;
}
