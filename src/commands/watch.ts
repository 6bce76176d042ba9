import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { upPlanOptions } from '../cli/plan-options.js';
import { ExitCode } from '../spec/diagnostics.js';

export default class Watch extends LifecycleCommand {
  static override summary =
    'Watch build context for service and rebuild/refresh containers when files are updated';
  static override description =
    'Runs `up -d` for the services (unless --no-up), then follows their develop.watch rules: changed files are synced into the running containers, services restarted or rebuilt, one line per batch and service. Files changed while a container was stopped or recreated are synced when it starts. Ctrl-C stops watching (exit code 130, as Docker Compose); the containers keep running.';
  static override strict = false;
  static override usage = 'watch [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> watch',
    '<%= config.bin %> watch web --no-up',
    '<%= config.bin %> watch --quiet-period 50',
  ];

  static override flags = {
    'no-up': Flags.boolean({ description: 'Do not build & start services before watching' }),
    prune: Flags.boolean({
      allowNo: true,
      default: true,
      description:
        "Prune dangling images on rebuild: the service's previous image, once the rebuild took its tag and no container uses it",
    }),
    quiet: Flags.boolean({ description: 'Hide build output (and the output of exec hooks)' }),
    'quiet-period': Flags.integer({
      min: 0,
      description:
        'Milliseconds without file events before a single change is synced (default 15); a burst of events doubles the wait per event, up to 8 times this (at least 200 ms), so a branch switch is one batch',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Watch);
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const { checkWatchable, startCliWatch } = await import('../watch/cli-session.js');
    // Refuse a project without watch rules before starting anything, as Docker Compose does.
    checkWatchable(loaded.project, services);
    const engine = await this.openEngine();
    if (!flags['no-up']) {
      const { up } = await import('../lifecycle/up.js');
      const plan = {
        ...upPlanOptions({ services, scale: {}, now: Date.now() }),
        // Watch's `up` leaves dependencies alone (compose: RecreateDependencies never).
        recreateDependencies: 'never' as const,
      };
      await this.runWithProgress(global, (signal, onEvent) =>
        up(loaded, engine, { plan, parallel: global.parallel, signal, wait: false }, onEvent),
      );
    }
    const handle = await startCliWatch(loaded.project, engine, {
      services,
      quiet: flags.quiet,
      prune: flags.prune,
      ...(flags['quiet-period'] !== undefined ? { quietPeriodMs: flags['quiet-period'] } : {}),
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
    });
    let interrupted = false;
    // First Ctrl-C (or SIGTERM) stops watching after the batch in hand; a second exits at once.
    const onSignal = () => {
      if (interrupted) process.exit(ExitCode.interrupted);
      interrupted = true;
      void handle.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await handle.done;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    this.exit(interrupted ? ExitCode.interrupted : ExitCode.ok);
  }
}
