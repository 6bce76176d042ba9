import { Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { ProjectSummary } from '../lifecycle/ls.js';

export default class Ls extends ComposeCommand {
  static override summary = 'List running compose projects';
  static override description =
    'Lists the Compose projects on the engine from the labels of their containers; needs no compose file.';
  static override examples = [
    '<%= config.bin %> ls',
    '<%= config.bin %> ls -a --format json',
    '<%= config.bin %> ls -q --filter name=web',
  ];

  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Show all stopped Compose projects' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only display project names' }),
    format: Flags.string({
      options: ['table', 'json'],
      default: 'table',
      description: 'Format the output',
    }),
    filter: Flags.string({
      multiple: true,
      description: 'Filter output based on conditions provided (supported: name=REGEX)',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Ls);
    this.resolveGlobalOptions(flags);
    const name = nameFilter(flags.filter ?? []);
    const [{ openEngine }, { listProjects }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/ls.js'),
    ]);
    const engine = await openEngine(process.env);
    const projects = await listProjects(engine, {
      all: flags.all,
      ...(name !== undefined ? { name } : {}),
    });
    if (flags.quiet) process.stdout.write(projects.map((p) => `${p.Name}\n`).join(''));
    else if (flags.format === 'json') process.stdout.write(`${JSON.stringify(projects)}\n`);
    else process.stdout.write(renderLsTable(projects));
  }
}

/** The `name=` filter (the only one `docker compose ls` supports); a later one wins. */
function nameFilter(filters: readonly string[]): string | undefined {
  let name: string | undefined;
  for (const filter of filters) {
    const match = /^name=(.*)$/.exec(filter);
    if (!match)
      throw ComposeError.of({
        code: 'usage.filter',
        message: `invalid filter "${filter}": only name=REGEX is supported`,
      });
    try {
      new RegExp(match[1]!);
    } catch {
      throw ComposeError.of({
        code: 'usage.filter',
        message: `invalid filter "${filter}": not a regular expression`,
      });
    }
    name = match[1]!;
  }
  return name;
}

/** NAME / STATUS / CONFIG FILES, columns padded as docker's tabwriter pads them. */
export function renderLsTable(projects: readonly ProjectSummary[]): string {
  const rows = [
    ['NAME', 'STATUS', 'CONFIG FILES'],
    ...projects.map((p) => [p.Name, p.Status, p.ConfigFiles]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  return rows
    .map((cells) =>
      cells
        .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]! + 3) : cell))
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
