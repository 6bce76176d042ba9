import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { ExitCode } from '../spec/diagnostics.js';

export default class Wait extends LifecycleCommand {
  static override summary = 'Block until containers of all (or specified) services stop.';
  static override description =
    "Waits until the first container of the services stops and exits with that container's exit code; with --down-project the project is then taken down.";
  static override strict = false;
  static override usage = 'wait SERVICE [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> wait migrate',
    '<%= config.bin %> wait tests --down-project',
  ];

  static override flags = {
    'down-project': Flags.boolean({ description: 'Drops project when the first container stops' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Wait);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    if (services.length === 0)
      this.error('"wait" requires at least 1 argument', { exit: ExitCode.usage });
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const { waitForExit } = await import('../lifecycle/wait.js');
    const exit = await waitForExit(project, engine, services);
    if (flags['down-project']) {
      const [{ down }, { downPlanOptions }] = await Promise.all([
        import('../lifecycle/down.js'),
        import('../cli/plan-options.js'),
      ]);
      await this.runWithProgress(global, async (signal, onEvent) => {
        const outcome = await down(
          { project },
          engine,
          {
            plan: downPlanOptions({ services: [] }),
            parallel: global.parallel,
            signal,
          },
          onEvent,
        );
        if (outcome.status === 'applied') return outcome;
        throw new Error(`cannot take ${project.name} down: ${outcome.plan.blockers[0]?.message}`);
      });
    }
    this.exit(exit.exitCode);
  }
}
