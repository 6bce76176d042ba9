import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';

export default class Pull extends LifecycleCommand {
  static override summary = 'Pull service images';
  static override description =
    'Pulls the images of the services (all, or those named) with the registry credentials Docker would use (~/.docker/config.json, DOCKER_CONFIG, credential helpers). A service whose image can be built only warns when its pull fails.';
  static override strict = false;
  static override usage = 'pull [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> pull',
    '<%= config.bin %> pull --policy missing web',
    '<%= config.bin %> pull -q --ignore-pull-failures',
  ];

  static override flags = {
    policy: Flags.string({
      options: ['missing', 'always'],
      description: 'Apply pull policy ("missing"|"always")',
    }),
    'ignore-pull-failures': Flags.boolean({
      description: 'Pull what it can and ignores images with pull failures',
    }),
    'include-deps': Flags.boolean({ description: 'Also pull services declared as dependencies' }),
    'ignore-buildable': Flags.boolean({ description: 'Ignore images that can be built' }),
    quiet: Flags.boolean({ char: 'q', description: 'Pull without printing progress information' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Pull);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const engine = await this.openEngine();
    const { pull } = await import('../lifecycle/pull.js');
    const options = {
      services,
      includeDeps: flags['include-deps'],
      ...(flags.policy !== undefined ? { policy: flags.policy as 'missing' | 'always' } : {}),
      ignorePullFailures: flags['ignore-pull-failures'],
      ignoreBuildable: flags['ignore-buildable'],
    };
    if (global.dryRun) {
      const [{ observeImages }, { planPullCommand }] = await Promise.all([
        import('../engine/observe.js'),
        import('../planner/plan-image-commands.js'),
      ]);
      const actual = await observeImages(engine, loaded.project);
      return this.printDryRun(planPullCommand(loaded.project, actual, options));
    }
    await this.runWithProgress(
      flags.quiet ? { ...global, progress: 'quiet' } : global,
      (signal, onEvent) =>
        pull(loaded, engine, { pull: options, parallel: global.parallel, signal }, onEvent),
    );
  }
}
