import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { renderDryRun } from '../ui/progress/plan-output.js';

export default class Restart extends LifecycleCommand {
  static override summary = 'Restart service containers';
  static override description =
    'Restarts the containers of the services, and (unless --no-deps) the services that declare depends_on with restart: true on one of them.';
  static override strict = false;
  static override usage = 'restart [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> restart', '<%= config.bin %> restart db'];

  static override flags = {
    timeout: Flags.integer({ char: 't', description: 'Specify a shutdown timeout in seconds' }),
    'no-deps': Flags.boolean({ description: "Don't restart dependent services" }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Restart);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const lifecycle = await import('../lifecycle/restart.js');
    if (global.dryRun) {
      const { listProjectContainers } = await import('../lifecycle/containers.js');
      const containers = await listProjectContainers(engine, project.name);
      const plan = lifecycle.planRestart(project, containers, services, flags['no-deps']);
      process.stdout.write(renderDryRun(plan, this.colourOnStderr));
      return;
    }
    await this.runWithProgress(global, (signal, onEvent) =>
      lifecycle.restart(
        { project },
        engine,
        {
          services,
          noDeps: flags['no-deps'],
          parallel: global.parallel,
          signal,
          ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
        },
        onEvent,
      ),
    );
  }
}
