import { Flags, type Interfaces } from '@oclif/core';
import { ComposeCommand, type globalFlags } from '../cli/compose-command.js';
import { downPlanOptions } from '../cli/plan-options.js';
import type { Engine } from '../engine/types.js';
import { ComposeError, ExitCode } from '../spec/diagnostics.js';
import type { Project } from '../spec/model.js';
import { processStreams, progressRenderer } from '../ui/progress/index.js';
import { renderBlockers, renderDryRun } from '../ui/progress/plan-output.js';

export default class Down extends ComposeCommand {
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
    const [{ openEngine }, { down, planProjectDown }, { onInterrupt, INTERRUPTED_EXIT_CODE }] =
      await Promise.all([
        import('../engine/index.js'),
        import('../lifecycle/down.js'),
        import('../lifecycle/interrupt.js'),
      ]);
    const engine = await openEngine(process.env);
    const project = await this.projectForDown(flags, engine);
    const colour = this.colourOnStderr;
    if (global.dryRun) {
      process.stdout.write(
        renderDryRun(await planProjectDown(project, engine, planOptions), colour),
      );
      return;
    }
    const renderer = progressRenderer(global.progress, processStreams(global.progress));
    const interrupt = onInterrupt((message) => void process.stderr.write(message));
    try {
      const outcome = await down(
        { project },
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

  /**
   * The project from its compose files; or — as `docker compose -p NAME down`
   * does — when no compose file is found and `-p` names the project, a minimal
   * project rebuilt from the labels of what the engine holds for that name
   * (services and their depends_on from container labels, networks and volumes
   * from the project label). That is enough to plan taking it down.
   */
  private async projectForDown(
    flags: Interfaces.InferredFlags<typeof globalFlags>,
    engine: Engine,
  ): Promise<Project> {
    try {
      return (await this.loadProjectFromFlags(flags)).project;
    } catch (error) {
      const name = flags['project-name'] ?? process.env.COMPOSE_PROJECT_NAME;
      const noFile =
        error instanceof ComposeError &&
        error.diagnostics.every((d) => d.code === 'file.not-found');
      if (!noFile || !name || flags.file) throw error;
      const { projectFromLabels } = await import('../lifecycle/project-from-labels.js');
      return projectFromLabels(engine, name, process.cwd());
    }
  }
}
