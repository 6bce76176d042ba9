import { Flags } from '@oclif/core';
import { ComposeCommand, globalFlags } from '../cli/compose-command.js';
import { resolveEnvAssignments, splitCommandLine } from '../lifecycle/exec-args.js';
import { ExitCode } from '../spec/diagnostics.js';

export default class Exec extends ComposeCommand {
  static override summary = 'Execute a command in a running container';
  static override description =
    "Runs COMMAND in the service's running container, with a TTY when the terminal has one (-T to pipe instead); exits with the command's exit code.";
  static override strict = false;
  static override usage = 'exec [FLAGS] SERVICE COMMAND [ARGS...]';
  static override examples = [
    '<%= config.bin %> exec web sh',
    '<%= config.bin %> exec -T db pg_dump app > dump.sql',
    '<%= config.bin %> exec --index 2 -e DEBUG=1 worker env',
  ];

  // `-w/--workdir` is the command's working directory here, not the project directory.
  static override baseFlags = {
    ...globalFlags,
    'project-directory': Flags.string({
      helpGroup: 'GLOBAL',
      description:
        'Specify an alternate working directory (default: the path of the first compose file)',
    }),
  };

  static override flags = {
    detach: Flags.boolean({
      char: 'd',
      description: 'Detached mode: Run command in the background',
    }),
    env: Flags.string({
      char: 'e',
      multiple: true,
      multipleNonGreedy: true,
      description: 'Set environment variables',
    }),
    index: Flags.integer({
      description: 'Index of the container if service has multiple replicas',
    }),
    'no-tty': Flags.boolean({
      char: 'T',
      description:
        'Disable pseudo-TTY allocation (default: a TTY when stdin and stdout are terminals)',
    }),
    privileged: Flags.boolean({ description: 'Give extended privileges to the process' }),
    user: Flags.string({ char: 'u', description: 'Run the command as this user' }),
    workdir: Flags.string({ char: 'w', description: 'Path to workdir directory for this command' }),
    interactive: Flags.boolean({
      char: 'i',
      default: true,
      allowNo: true,
      hidden: true,
      description: 'Keep STDIN open even if not attached',
    }),
    tty: Flags.boolean({ char: 't', hidden: true, description: 'Allocate a pseudo-TTY' }),
  };

  async run(): Promise<void> {
    const { head, tail } = splitCommandLine(this.argv, {
      id: this.id ?? 'exec',
      flags: { ...Exec.baseFlags, ...Exec.flags },
      renames: {
        '--workdir': '--project-directory',
      },
    });
    this.argv = head;
    const { flags, argv } = await this.parse(Exec);
    this.resolveGlobalOptions(flags);
    const service = argv[0] as string | undefined;
    if (service === undefined || tail.length === 0)
      this.error('"exec" requires at least 2 arguments (SERVICE COMMAND)', {
        exit: ExitCode.usage,
      });
    const name = await this.projectName(flags, [service]);
    const [{ openEngine }, { execInService }, { processStdio, wantsTty }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/exec.js'),
      import('../lifecycle/exec-terminal.js'),
    ]);
    const engine = await openEngine(process.env);
    const streams = processStdio();
    const { exitCode } = await execInService(
      name,
      engine,
      {
        service,
        command: tail,
        detach: flags.detach,
        env: resolveEnvAssignments(flags.env ?? [], (key) => process.env[key]),
        privileged: flags.privileged,
        tty: wantsTty(streams, flags['no-tty']),
        interactive: flags.interactive,
        ...(flags.index !== undefined ? { index: flags.index } : {}),
        ...(flags.user !== undefined ? { user: flags.user } : {}),
        ...(flags.workdir !== undefined ? { workingDir: flags.workdir } : {}),
      },
      streams,
    );
    this.exit(exitCode);
  }
}
