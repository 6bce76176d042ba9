import { LifecycleCommand } from '../cli/lifecycle-command.js';

export default class Pause extends LifecycleCommand {
  static override summary = 'Pause services';
  static override description = 'Pauses the running containers of the services.';
  static override strict = false;
  static override usage = 'pause [SERVICE...]';
  static override examples = ['<%= config.bin %> pause', '<%= config.bin %> pause web'];

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Pause);
    const global = this.resolveGlobalOptions(flags);
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const { pause } = await import('../lifecycle/pause.js');
    await this.runOperation(global, (onEvent) =>
      pause(project, engine, argv as string[], onEvent, { dryRun: global.dryRun }),
    );
  }
}
