import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';

export default class Push extends LifecycleCommand {
  static override summary = 'Push service images';
  static override description =
    'Pushes the images of the services that have both a build section and an image name (each of build.tags too), with the registry credentials Docker would use.';
  static override strict = false;
  static override usage = 'push [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> push', '<%= config.bin %> push -q api'];

  static override flags = {
    'ignore-push-failures': Flags.boolean({
      description: 'Push what it can and ignores images with push failures',
    }),
    'include-deps': Flags.boolean({
      description: 'Also push images of services declared as dependencies',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Push without printing progress information' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Push);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const options = {
      services,
      includeDeps: flags['include-deps'],
      ignorePushFailures: flags['ignore-push-failures'],
    };
    if (global.dryRun) {
      const { planPushCommand } = await import('../planner/plan-image-commands.js');
      return this.printDryRun(planPushCommand(loaded.project, options));
    }
    const engine = await this.openEngine();
    const { push } = await import('../lifecycle/push.js');
    await this.runWithProgress(
      flags.quiet ? { ...global, progress: 'quiet' } : global,
      (signal, onEvent) =>
        push(loaded, engine, { push: options, parallel: global.parallel, signal }, onEvent),
    );
  }
}
