import { Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';

export default class Images extends ComposeCommand {
  static override summary = 'List images used by the created containers';
  static override strict = false;
  static override usage = 'images [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> images',
    '<%= config.bin %> images --format json',
    '<%= config.bin %> images -q web',
  ];

  static override flags = {
    format: Flags.string({
      options: ['table', 'json'],
      default: 'table',
      description: 'Format the output',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Only display IDs' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Images);
    this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const name = await this.projectName(flags, services);
    const [{ openEngine }, { images }, table] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/images.js'),
      import('../ui/images-table.js'),
    ]);
    const engine = await openEngine(process.env);
    const rows = await images(name, engine, { services });
    if (flags.quiet) process.stdout.write(table.renderImageIds(rows));
    else if (flags.format === 'json') process.stdout.write(table.renderImagesJson(rows));
    else process.stdout.write(table.renderImagesTable(rows, Date.now()));
  }
}
