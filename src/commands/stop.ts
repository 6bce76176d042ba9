import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { renderDryRun } from '../ui/progress/plan-output.js';

export default class Stop extends LifecycleCommand {
  static override summary = 'Stop services';
  static override description =
    'Stops the running containers of the services without removing them, dependents before what they depend on. With -p NAME it works without a compose file.';
  static override strict = false;
  static override usage = 'stop [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop -t 2 web'];

  static override flags = {
    timeout: Flags.integer({ char: 't', description: 'Specify a shutdown timeout in seconds' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Stop);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const lifecycle = await import('../lifecycle/stop.js');
    if (global.dryRun) {
      const { listProjectContainers } = await import('../lifecycle/containers.js');
      const containers = await listProjectContainers(engine, project.name);
      const plan = lifecycle.planStop(project, containers, services);
      process.stdout.write(renderDryRun(plan, this.colourOnStderr));
      return;
    }
    await this.runWithProgress(global, (signal, onEvent) =>
      lifecycle.stop(
        { project },
        engine,
        {
          services,
          parallel: global.parallel,
          signal,
          ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
        },
        onEvent,
      ),
    );
  }
}
