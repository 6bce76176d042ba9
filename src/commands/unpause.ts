import { LifecycleCommand } from '../cli/lifecycle-command.js';

export default class Unpause extends LifecycleCommand {
  static override summary = 'Unpause services';
  static override description = 'Unpauses the paused containers of the services.';
  static override strict = false;
  static override usage = 'unpause [SERVICE...]';
  static override examples = ['<%= config.bin %> unpause', '<%= config.bin %> unpause web'];

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Unpause);
    const global = this.resolveGlobalOptions(flags);
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const { unpause } = await import('../lifecycle/pause.js');
    await this.runOperation(global, (onEvent) =>
      unpause(project, engine, argv as string[], onEvent, { dryRun: global.dryRun }),
    );
  }
}
