import { Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';
import { parseScale, upPlanOptions } from '../cli/plan-options.js';
import { ExitCode } from '../spec/diagnostics.js';
import { processStreams, progressRenderer } from '../ui/progress/index.js';
import { renderBlockers, renderDryRun } from '../ui/progress/plan-output.js';

export default class Create extends ComposeCommand {
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
      options: ['always', 'missing', 'never', 'build'],
      description: 'Pull image before running',
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
    const [{ openEngine }, { create }, { planProjectUp }, { onInterrupt, INTERRUPTED_EXIT_CODE }] =
      await Promise.all([
        import('../engine/index.js'),
        import('../lifecycle/create.js'),
        import('../lifecycle/up.js'),
        import('../lifecycle/interrupt.js'),
      ]);
    const engine = await openEngine(process.env);
    const colour = this.colourOnStderr;
    if (global.dryRun) {
      const plan = await planProjectUp(loaded.project, engine, planOptions);
      process.stdout.write(renderDryRun(plan, colour));
      if (plan.blockers.length > 0) this.exit(ExitCode.failure);
      return;
    }
    const renderer = progressRenderer(global.progress, processStreams(global.progress));
    const interrupt = onInterrupt((message) => void process.stderr.write(message));
    try {
      const outcome = await create(
        loaded,
        engine,
        { plan: planOptions, parallel: global.parallel, signal: interrupt.signal },
        (event) => renderer.event(event),
      );
      if (outcome.status === 'blocked') {
        process.stderr.write(renderBlockers(outcome.plan, colour));
        this.exit(ExitCode.failure);
      }
      renderer.finish(outcome.result);
      if (interrupt.signal.aborted) this.exit(INTERRUPTED_EXIT_CODE);
      if (!outcome.ok) this.exit(ExitCode.failure);
    } finally {
      interrupt.dispose();
    }
  }
}
