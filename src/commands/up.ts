import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { parseScale, upPlanOptions } from '../cli/plan-options.js';
import { ExitCode } from '../spec/diagnostics.js';

export default class Up extends LifecycleCommand {
  static override summary = 'Create and start containers';
  static override description =
    'Converges the project: creates what is missing, recreates what diverged, starts what is stopped. Without -d it then streams the logs of the attached services until they exit.';
  static override strict = false;
  static override usage = 'up [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> up',
    '<%= config.bin %> up --abort-on-container-exit --exit-code-from tests',
    '<%= config.bin %> up -d',
    '<%= config.bin %> up -d --wait',
    '<%= config.bin %> up -d web --force-recreate',
  ];

  static override flags = {
    detach: Flags.boolean({
      char: 'd',
      description: 'Detached mode: run containers in the background',
    }),
    wait: Flags.boolean({
      description: 'Wait for services to be running|healthy. Implies detached mode.',
    }),
    'wait-timeout': Flags.integer({
      description: 'Maximum duration in seconds to wait for the project to be running|healthy',
    }),
    'no-deps': Flags.boolean({ description: "Don't start linked services" }),
    'force-recreate': Flags.boolean({
      description: "Recreate containers even if their configuration and image haven't changed",
    }),
    'no-recreate': Flags.boolean({
      description: "If containers already exist, don't recreate them",
    }),
    'always-recreate-deps': Flags.boolean({ description: 'Recreate dependent containers' }),
    'renew-anon-volumes': Flags.boolean({
      char: 'V',
      description:
        'Recreate anonymous volumes instead of retrieving data from the previous containers',
    }),
    scale: Flags.string({
      multiple: true,
      description: 'Scale SERVICE to NUM instances (SERVICE=NUM)',
    }),
    build: Flags.boolean({ description: 'Build images before starting containers' }),
    'no-build': Flags.boolean({ description: "Don't build an image, even if it's policy" }),
    pull: Flags.string({
      options: ['always', 'missing', 'never', 'build', 'policy'],
      description: 'Pull image before running ("always"|"missing"|"never"|"build"|"policy")',
    }),
    'no-start': Flags.boolean({ description: "Don't start the services after creating them" }),
    'remove-orphans': Flags.boolean({
      description: 'Remove containers for services not defined in the Compose file',
    }),
    timeout: Flags.integer({
      char: 't',
      description: 'Use this timeout in seconds for container shutdown',
    }),
    'abort-on-container-exit': Flags.boolean({
      description: 'Stops all containers if any container was stopped. Incompatible with -d',
    }),
    'abort-on-container-failure': Flags.boolean({
      description:
        'Stops all containers if any container exited with failure. Incompatible with -d',
    }),
    'exit-code-from': Flags.string({
      description:
        'Return the exit code of the selected service container. Implies --abort-on-container-exit',
    }),
    attach: Flags.string({
      multiple: true,
      description: 'Restrict attaching to the specified services',
    }),
    'no-attach': Flags.string({
      multiple: true,
      description: 'Do not attach (stream logs) to the specified services',
    }),
    'attach-dependencies': Flags.boolean({
      description: 'Automatically attach to log output of dependent services',
    }),
    'no-color': Flags.boolean({ description: 'Produce monochrome output' }),
    'no-log-prefix': Flags.boolean({ description: "Don't print prefix in logs" }),
    timestamps: Flags.boolean({ description: 'Show timestamps' }),
    watch: Flags.boolean({
      char: 'w',
      description:
        'Watch source code and rebuild/refresh containers when files are updated (develop.watch), while streaming the logs',
    }),
    yes: Flags.boolean({
      char: 'y',
      description:
        'Assume "yes" as answer to all prompts and run non-interactively (tscompose never prompts: a volume whose configuration changed blocks the plan and the hint says how to recreate it, so its data is never dropped by a default answer)',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Up);
    const global = this.resolveGlobalOptions(flags);
    // Without -d (or --wait, which implies it) `up` stays attached to the logs afterwards.
    const attached = !flags.detach && !flags.wait && !global.dryRun;
    if (flags.detach || flags.wait)
      rejectAttachedOnlyFlags(flags, (message) => this.error(message, { exit: ExitCode.usage }));
    if (flags.watch && (flags.detach || flags.wait))
      this.error(`--watch and --${flags.detach ? 'detach' : 'wait'} are incompatible`, {
        exit: ExitCode.usage,
      });
    const services = argv as string[];
    const startedAt = Date.now() / 1000;
    const planOptions = upPlanOptions({
      ...flags,
      services,
      scale: parseScale(flags.scale ?? []),
      now: Date.now(),
    });
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const exitCodeFrom = flags['exit-code-from'];
    if (exitCodeFrom !== undefined && !(exitCodeFrom in loaded.project.services))
      this.error(`no such service: ${exitCodeFrom}`, { exit: ExitCode.failure });
    const watching = flags.watch && attached ? await import('../watch/cli-session.js') : undefined;
    // No watch rule among the services: refused before anything starts, as Docker Compose does.
    watching?.checkWatchable(loaded.project, services);
    const engine = await this.openEngine();
    const { up, planProjectUp } = await import('../lifecycle/up.js');
    if (global.dryRun)
      return this.printDryRun(await planProjectUp(loaded.project, engine, planOptions));
    await this.runWithProgress(global, (signal, onEvent) =>
      up(
        loaded,
        engine,
        {
          plan: planOptions,
          parallel: global.parallel,
          signal,
          wait: flags.wait,
          ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
          ...(flags['wait-timeout'] !== undefined
            ? { waitTimeoutMs: flags['wait-timeout'] * 1000 }
            : {}),
        },
        onEvent,
      ),
    );
    if (!attached) return;
    const { streamAttached } = await import('../ui/attached-run.js');
    // `--watch`: watch lines go into the log stream; watching ends with the attachment.
    const watch = await watching?.startCliWatch(loaded.project, engine, {
      services,
      quiet: false,
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
    });
    const exitCode = await streamAttached(loaded.project, engine, {
      ...flags,
      services,
      since: startedAt,
      ansi: global.ansi,
    }).finally(() => watch?.stop());
    if (exitCode !== 0) this.exit(exitCode);
  }
}

/** Flags that only mean something while attached, rejected with -d as Docker Compose does. */
function rejectAttachedOnlyFlags(
  flags: {
    readonly 'abort-on-container-exit': boolean;
    readonly 'abort-on-container-failure': boolean;
    readonly 'exit-code-from'?: string;
  },
  fail: (message: string) => never,
): void {
  for (const name of ['abort-on-container-exit', 'abort-on-container-failure'] as const)
    if (flags[name]) fail(`--${name} and --detach are incompatible`);
  if (flags['exit-code-from'] !== undefined) fail('--exit-code-from and --detach are incompatible');
}
