import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { parseScale, upPlanOptions } from '../cli/plan-options.js';

export default class Create extends LifecycleCommand {
  static override summary = 'Creates containers for a service';
  static override description =
    'Converges the project like up, but starts nothing: missing containers are created, diverged ones recreated, and networks, volumes and images made ready.';
  static override strict = false;
  static override usage = 'create [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> create',
    '<%= config.bin %> create --force-recreate web',
  ];

  static override flags = {
    build: Flags.boolean({ description: 'Build images before starting containers' }),
    'no-build': Flags.boolean({ description: "Don't build an image, even if it's policy" }),
    pull: Flags.string({
      options: ['always', 'missing', 'never', 'build', 'policy'],
      description: 'Pull image before running ("always"|"missing"|"never"|"build"|"policy")',
    }),
    'force-recreate': Flags.boolean({
      description: "Recreate containers even if their configuration and image haven't changed",
    }),
    'no-recreate': Flags.boolean({
      description: "If containers already exist, don't recreate them",
    }),
    'remove-orphans': Flags.boolean({
      description: 'Remove containers for services not defined in the Compose file',
    }),
    scale: Flags.string({
      multiple: true,
      description: 'Scale SERVICE to NUM instances (SERVICE=NUM)',
    }),
    yes: Flags.boolean({
      char: 'y',
      description: 'Assume "yes" as answer to all prompts and run non-interactively',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Create);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const planOptions = upPlanOptions({
      ...flags,
      services,
      scale: parseScale(flags.scale ?? []),
      'no-start': true,
      now: Date.now(),
    });
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const engine = await this.openEngine();
    const [{ create }, { planProjectUp }] = await Promise.all([
      import('../lifecycle/create.js'),
      import('../lifecycle/up.js'),
    ]);
    if (global.dryRun)
      return this.printDryRun(await planProjectUp(loaded.project, engine, planOptions));
    await this.runWithProgress(global, (signal, onEvent) =>
      create(loaded, engine, { plan: planOptions, parallel: global.parallel, signal }, onEvent),
    );
  }
}
