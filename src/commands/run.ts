import { Flags } from '@oclif/core';
import { globalFlags } from '../cli/compose-command.js';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { parseLabelAssignments, splitCommandLine } from '../lifecycle/exec-args.js';
import type { PullPolicy } from '../planner/types.js';
import { ExitCode } from '../spec/diagnostics.js';
import { splitShellWords } from '../spec/normalize/shell-words.js';

const many = (description: string, char?: 'e' | 'l' | 'v' | 'p') =>
  Flags.string({ multiple: true, multipleNonGreedy: true, description, ...(char ? { char } : {}) });

export default class Run extends LifecycleCommand {
  static override summary = 'Run a one-off command on a service';
  static override description =
    "Creates a one-off container of SERVICE (its dependencies started first, their conditions honoured unless --no-deps), attached by default; exits with the container's exit code. The service's ports are published only with --service-ports.";
  static override strict = false;
  static override usage = 'run [FLAGS] SERVICE [COMMAND] [ARGS...]';
  static override examples = [
    '<%= config.bin %> run --rm web sh',
    '<%= config.bin %> run --rm -T -e DEBUG=1 worker ./migrate',
    '<%= config.bin %> run -d --name tools web sleep 3600',
  ];

  // `-p` publishes a port here (the project name keeps its long name), `-w` is the workdir.
  static override baseFlags = {
    ...globalFlags,
    'project-name': Flags.string({
      helpGroup: 'GLOBAL',
      description: 'Project name [env: COMPOSE_PROJECT_NAME]',
    }),
    'project-directory': Flags.string({
      helpGroup: 'GLOBAL',
      description:
        'Specify an alternate working directory (default: the path of the first compose file)',
    }),
  };

  static override flags = {
    detach: Flags.boolean({
      char: 'd',
      description: 'Run container in background and print container ID',
    }),
    env: many('Set environment variables', 'e'),
    'env-from-file': many('Set environment variables from file'),
    label: many('Add or override a label', 'l'),
    rm: Flags.boolean({ description: 'Automatically remove the container when it exits' }),
    'no-tty': Flags.boolean({
      char: 'T',
      description:
        'Disable pseudo-TTY allocation (default: a TTY when stdin and stdout are terminals)',
    }),
    name: Flags.string({ description: 'Assign a name to the container' }),
    user: Flags.string({ char: 'u', description: 'Run as specified username or uid' }),
    workdir: Flags.string({ char: 'w', description: 'Working directory inside the container' }),
    entrypoint: Flags.string({ description: 'Override the entrypoint of the image' }),
    'cap-add': many('Add Linux capabilities'),
    'cap-drop': many('Remove Linux capabilities'),
    'no-deps': Flags.boolean({ description: "Don't start linked services" }),
    volume: many('Bind mount a volume', 'v'),
    publish: many("Publish a container's port(s) to the host", 'p'),
    'service-ports': Flags.boolean({
      char: 'P',
      description: "Run command with all service's ports enabled and mapped to the host",
    }),
    'use-aliases': Flags.boolean({
      description: "Use the service's network aliases in the network(s) the container connects to",
    }),
    build: Flags.boolean({ description: 'Build image before starting container' }),
    pull: Flags.string({
      options: ['always', 'missing', 'never', 'policy'],
      default: 'policy',
      description: 'Pull image before running',
    }),
    quiet: Flags.boolean({ char: 'q', description: "Don't print anything to STDOUT" }),
    'quiet-pull': Flags.boolean({ description: 'Pull without printing progress information' }),
    'remove-orphans': Flags.boolean({
      description: 'Remove containers for services not defined in the Compose file',
    }),
    interactive: Flags.boolean({
      char: 'i',
      default: true,
      allowNo: true,
      description: 'Keep STDIN open even if not attached',
    }),
    tty: Flags.boolean({ char: 't', hidden: true, description: 'Allocate a pseudo-TTY' }),
  };

  async run(): Promise<void> {
    const { head, tail } = splitCommandLine(this.argv, {
      id: this.id ?? 'run',
      flags: { ...Run.baseFlags, ...Run.flags },
      renames: {
        '-p': '--project-name',
        '--workdir': '--project-directory',
      },
    });
    this.argv = head;
    const { flags, argv } = await this.parse(Run);
    const resolved = this.resolveGlobalOptions(flags);
    const global =
      flags.quiet || flags['quiet-pull'] ? { ...resolved, progress: 'quiet' as const } : resolved;
    const service = argv[0] as string | undefined;
    if (service === undefined)
      this.error('"run" requires at least 1 argument (SERVICE)', { exit: ExitCode.usage });
    if (flags['no-tty'] && flags.tty)
      this.error("--tty and --no-tty can't be used together", { exit: ExitCode.usage });
    const { project } = await this.loadProjectFromFlags(flags);
    const [{ prepareRun }, { runContainer }, terminal, { runEnvironment }] = await Promise.all([
      import('../lifecycle/run-prepare.js'),
      import('../lifecycle/run.js'),
      import('../lifecycle/exec-terminal.js'),
      import('../lifecycle/run-env.js'),
    ]);
    const env = runEnvironment(flags.env ?? [], flags['env-from-file'] ?? [], (key) =>
      key in project.environment ? project.environment[key] : process.env[key],
    );
    const labels = parseLabelAssignments(flags.label ?? []);
    const engine = await this.openEngine();
    if (global.dryRun) {
      process.stdout.write('(dry run: nothing was changed)\n');
      return;
    }
    const pull = flags.pull === 'policy' ? undefined : (flags.pull as PullPolicy);
    await this.runWithProgress(global, (signal, onEvent) =>
      prepareRun(
        { project },
        engine,
        {
          service,
          noDeps: flags['no-deps'],
          build: flags.build ? 'always' : 'auto',
          ...(pull !== undefined ? { pull } : {}),
          removeOrphans: flags['remove-orphans'],
          parallel: global.parallel,
          signal,
        },
        onEvent,
      ),
    );
    const streams = terminal.processStdio();
    const tty = !flags['no-tty'] && (flags.tty || terminal.wantsTty(streams, false));
    const result = await runContainer(
      project,
      engine,
      {
        service,
        command: tail,
        env,
        labels,
        tty,
        interactive: flags.interactive,
        detach: flags.detach,
        remove: flags.rm,
        servicePorts: flags['service-ports'],
        useAliases: flags['use-aliases'],
        publish: flags.publish ?? [],
        volumes: flags.volume ?? [],
        capAdd: flags['cap-add'] ?? [],
        capDrop: flags['cap-drop'] ?? [],
        ...(flags.entrypoint !== undefined
          ? { entrypoint: splitShellWords(flags.entrypoint) }
          : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.user !== undefined ? { user: flags.user } : {}),
        ...(flags.workdir !== undefined ? { workingDir: flags.workdir } : {}),
      },
      streams,
      (message) =>
        this.printDiagnostic({ severity: 'warning', code: 'engine.unsupported', message }),
    );
    if (result.kind === 'detached') {
      if (!flags.quiet) process.stdout.write(`${result.containerId}\n`);
      return;
    }
    this.exit(result.exitCode);
  }
}
