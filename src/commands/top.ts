import { ComposeCommand } from '../cli/compose-command.js';

export default class Top extends ComposeCommand {
  static override summary = 'Display the running processes';
  static override strict = false;
  static override usage = 'top [SERVICE...]';
  static override examples = ['<%= config.bin %> top', '<%= config.bin %> top web'];

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Top);
    this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const name = await this.projectName(flags, services);
    const [{ openEngine }, { top, renderTop }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/top.js'),
    ]);
    const engine = await openEngine(process.env);
    process.stdout.write(renderTop(await top(name, engine, services)));
  }
}
