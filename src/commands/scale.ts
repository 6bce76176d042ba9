import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { ExitCode } from '../spec/diagnostics.js';

export default class Scale extends LifecycleCommand {
  static override summary = 'Scale services';
  static override description =
    'Sets the number of containers of each named service and converges them, as up --scale does for those services.';
  static override strict = false;
  static override usage = 'scale SERVICE=REPLICAS... [FLAGS]';
  static override examples = [
    '<%= config.bin %> scale web=3',
    '<%= config.bin %> scale worker=0 web=2',
  ];

  static override flags = {
    'no-deps': Flags.boolean({ description: "Don't start linked services" }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Scale);
    const global = this.resolveGlobalOptions(flags);
    if (argv.length === 0)
      this.error('"scale" requires at least 1 argument (SERVICE=REPLICAS)', {
        exit: ExitCode.usage,
      });
    const { parseScaleArgs, scale, scalePlanOptions } = await import('../lifecycle/scale.js');
    const replicas = parseScaleArgs(argv as string[]);
    const { project } = await this.loadProjectFromFlags(flags);
    const engine = await this.openEngine();
    const options = { replicas, noDeps: flags['no-deps'], parallel: global.parallel };
    if (global.dryRun) {
      const { planProjectUp } = await import('../lifecycle/up.js');
      this.printDryRun(await planProjectUp(project, engine, scalePlanOptions(options, Date.now())));
      return;
    }
    await this.runWithProgress(global, (signal, onEvent) =>
      scale({ project }, engine, { ...options, signal }, onEvent),
    );
  }
}
