import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { renderDryRun } from '../ui/progress/plan-output.js';

export default class Start extends LifecycleCommand {
  static override summary = 'Start services';
  static override description =
    'Starts the existing containers of the services, dependencies first; creates nothing (use up for that).';
  static override strict = false;
  static override usage = 'start [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> start', '<%= config.bin %> start web --wait'];

  static override flags = {
    wait: Flags.boolean({ description: 'Wait for services to be running|healthy' }),
    'wait-timeout': Flags.integer({
      description: 'Maximum duration in seconds to wait for the project to be running|healthy',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Start);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const lifecycle = await import('../lifecycle/start.js');
    if (global.dryRun) {
      const { listProjectContainers } = await import('../lifecycle/containers.js');
      const containers = await listProjectContainers(engine, project.name);
      const plan = lifecycle.planStart(project, containers, services);
      process.stdout.write(renderDryRun(plan, this.colourOnStderr));
      return;
    }
    await this.runWithProgress(global, (signal, onEvent) =>
      lifecycle.start(
        { project },
        engine,
        {
          services,
          wait: flags.wait,
          parallel: global.parallel,
          signal,
          ...(flags['wait-timeout'] !== undefined
            ? { waitTimeoutMs: flags['wait-timeout'] * 1000 }
            : {}),
        },
        onEvent,
      ),
    );
  }
}
