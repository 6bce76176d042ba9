import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { downPlanOptions } from '../cli/plan-options.js';

export default class Down extends LifecycleCommand {
  static override summary = 'Stop and remove containers, networks';
  static override description =
    'Stops and removes the containers of the project (dependents first), its networks, and with -v its volumes. With -p NAME it works without a compose file, from what the engine holds for that project.';
  static override strict = false;
  static override usage = 'down [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> down',
    '<%= config.bin %> down -v',
    '<%= config.bin %> -p demo down',
  ];

  static override flags = {
    volumes: Flags.boolean({
      char: 'v',
      description:
        'Remove named volumes declared in the "volumes" section and anonymous volumes attached to containers',
    }),
    rmi: Flags.string({ options: ['local', 'all'], description: 'Remove images used by services' }),
    'remove-orphans': Flags.boolean({
      description: 'Remove containers for services not defined in the Compose file',
    }),
    timeout: Flags.integer({ char: 't', description: 'Specify a shutdown timeout in seconds' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Down);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const planOptions = downPlanOptions({ ...flags, services });
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const { down, planProjectDown } = await import('../lifecycle/down.js');
    if (global.dryRun) return this.printDryRun(await planProjectDown(project, engine, planOptions));
    await this.runWithProgress(global, (signal, onEvent) =>
      down({ project }, engine, { plan: planOptions, parallel: global.parallel, signal }, onEvent),
    );
  }
}
