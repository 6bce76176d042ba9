import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';

export default class Kill extends LifecycleCommand {
  static override summary = 'Force stop service containers';
  static override description =
    'Sends a signal (default SIGKILL) to the running containers of the services, all at once.';
  static override strict = false;
  static override usage = 'kill [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> kill', '<%= config.bin %> kill -s SIGTERM web'];

  static override flags = {
    signal: Flags.string({
      char: 's',
      default: 'SIGKILL',
      description: 'SIGNAL to send to the container',
    }),
    'remove-orphans': Flags.boolean({
      description: 'Remove containers for services not defined in the Compose file',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Kill);
    const global = this.resolveGlobalOptions(flags);
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const { kill } = await import('../lifecycle/kill.js');
    const options = {
      services: argv as string[],
      signal: flags.signal,
      removeOrphans: flags['remove-orphans'],
      dryRun: global.dryRun,
    };
    await this.runOperation(global, (onEvent) => kill(project, engine, options, onEvent));
  }
}
