import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';

export default class Build extends LifecycleCommand {
  static override summary = 'Build or rebuild services';
  static override description =
    'Builds the images of the services that have a build section: the context as a tar honouring .dockerignore, the Dockerfile (or dockerfile_inline), args, target, labels and the other build options the engine supports. An image without image: is named <project>-<service>.';
  static override strict = false;
  static override usage = 'build [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build --no-cache --build-arg VERSION=2 api',
    '<%= config.bin %> build --push',
  ];

  static override flags = {
    'build-arg': Flags.string({
      multiple: true,
      multipleNonGreedy: true,
      description:
        'Set build-time variables for services (KEY=VALUE, or KEY to take it from the environment)',
    }),
    'no-cache': Flags.boolean({ description: 'Do not use cache when building the image' }),
    pull: Flags.boolean({ description: 'Always attempt to pull a newer version of the image' }),
    push: Flags.boolean({ description: 'Push service images' }),
    quiet: Flags.boolean({ char: 'q', description: "Don't print anything to STDOUT" }),
    'with-dependencies': Flags.boolean({
      description: 'Also build dependencies (transitively)',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Build);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const { build, parseBuildArgs } = await import('../lifecycle/build.js');
    const args = parseBuildArgs(flags['build-arg'] ?? [], {
      ...process.env,
      ...loaded.project.environment,
    });
    const options = {
      services,
      withDependencies: flags['with-dependencies'],
      overrides: {
        ...(Object.keys(args).length > 0 ? { args } : {}),
        ...(flags['no-cache'] ? { noCache: true } : {}),
        ...(flags.pull ? { pull: true } : {}),
      },
      push: flags.push,
    };
    if (global.dryRun) {
      const { planBuildCommand } = await import('../planner/plan-image-commands.js');
      return this.printDryRun(planBuildCommand(loaded.project, options));
    }
    const engine = await this.openEngine();
    await this.runWithProgress(
      flags.quiet ? { ...global, progress: 'quiet' } : global,
      (signal, onEvent) =>
        build(loaded, engine, { build: options, parallel: global.parallel, signal }, onEvent),
    );
  }
}
