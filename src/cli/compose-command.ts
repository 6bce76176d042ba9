import { Command, Flags, type Interfaces } from '@oclif/core';
import { ComposeError, ExitCode, type Diagnostic } from '../spec/diagnostics.js';
import { loadProject, type LoadedProject, type LoadProjectOptions } from '../spec/load.js';
import { renderDiagnostic } from '../ui/diagnostics.js';
import { useColour, type AnsiMode } from '../ui/terminal.js';
import { InterruptedError } from '../lifecycle/interrupt.js';
import { allowColdPasses } from '../spec/cold-pass.js';
import { skipPlainHttpServerNames } from '../engine/docker/server-names.js';

/** The global flags of `docker compose`, accepted by every command (before or after its name). */
export const globalFlags = {
  file: Flags.string({
    char: 'f',
    multiple: true,
    // One value per flag (`-f a -f b`), as docker compose takes them: a greedy
    // multiple flag would swallow the service names that follow (`-f x.yaml up web`).
    multipleNonGreedy: true,
    helpGroup: 'GLOBAL',
    description: 'Compose configuration files ("-" reads standard input) [env: COMPOSE_FILE]',
  }),
  'project-name': Flags.string({
    char: 'p',
    helpGroup: 'GLOBAL',
    description: 'Project name [env: COMPOSE_PROJECT_NAME]',
  }),
  profile: Flags.string({
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'GLOBAL',
    description: 'Specify a profile to enable [env: COMPOSE_PROFILES]',
  }),
  'env-file': Flags.string({
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'GLOBAL',
    description: 'Specify an alternate environment file [env: COMPOSE_ENV_FILES]',
  }),
  'project-directory': Flags.string({
    aliases: ['workdir'],
    helpGroup: 'GLOBAL',
    description:
      'Specify an alternate working directory (default: the path of the first compose file)',
  }),
  progress: Flags.string({
    options: ['auto', 'tty', 'plain', 'json', 'quiet', 'none'],
    helpGroup: 'GLOBAL',
    description: 'Set type of progress output [env: COMPOSE_PROGRESS]',
  }),
  ansi: Flags.string({
    options: ['never', 'always', 'auto'],
    helpGroup: 'GLOBAL',
    description: 'Control when to print ANSI control characters [env: COMPOSE_ANSI]',
  }),
  'no-ansi': Flags.boolean({
    hidden: true,
    helpGroup: 'GLOBAL',
    description: 'Same as --ansi never',
  }),
  parallel: Flags.integer({
    helpGroup: 'GLOBAL',
    description: 'Control max parallelism, -1 for unlimited [env: COMPOSE_PARALLEL_LIMIT]',
  }),
  'dry-run': Flags.boolean({ helpGroup: 'GLOBAL', description: 'Execute command in dry run mode' }),
  engine: Flags.string({
    options: ['docker', 'builtin', 'auto'],
    helpGroup: 'GLOBAL',
    description:
      'Engine to use: a Docker Engine, the built-in engine, or auto (Docker when one is configured or its socket exists, else the built-in engine) [env: TSCOMPOSE_ENGINE]',
  }),
};

type GlobalFlags = Interfaces.InferredFlags<typeof globalFlags>;

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';

/** Global options after flags and `COMPOSE_*` variables are combined. */
export interface GlobalOptions {
  readonly ansi: AnsiMode;
  readonly progress: ProgressMode;
  /** -1 means unlimited. */
  readonly parallel: number;
  readonly dryRun: boolean;
}

/**
 * Base of every command: global flags, project loading from them, and one place
 * that turns errors into messages and exit codes (never a stack trace).
 */
export abstract class ComposeCommand extends Command {
  static override baseFlags = globalFlags;

  constructor(...args: ConstructorParameters<typeof Command>) {
    super(...args);
    // A CLI process talks plain HTTP to its engine: no TLS server names
    // (engine/docker/server-names.ts); set before any engine is opened.
    skipPlainHttpServerNames();
  }

  protected resolveGlobalOptions(flags: GlobalFlags): GlobalOptions {
    const env = process.env;
    const ansi = (
      flags['no-ansi'] ? 'never' : (flags.ansi ?? env.COMPOSE_ANSI ?? 'auto')
    ) as AnsiMode;
    const progressText = flags.progress ?? env.COMPOSE_PROGRESS ?? 'auto';
    const progress = (progressText === 'none' ? 'quiet' : progressText) as ProgressMode;
    const parallel =
      flags.parallel ?? (env.COMPOSE_PARALLEL_LIMIT ? Number(env.COMPOSE_PARALLEL_LIMIT) : -1);
    if (progress === 'tty' && ansi === 'never')
      this.error("can't use --progress tty while ANSI support is disabled", {
        exit: ExitCode.usage,
      });
    if (progress === 'plain' && ansi === 'always')
      this.error("can't use --progress plain while ANSI support is forced", {
        exit: ExitCode.usage,
      });
    // Engines are opened from the environment (openEngine(process.env)) in
    // every command and in the library alike: the flag is the variable.
    if (flags.engine) process.env.TSCOMPOSE_ENGINE = flags.engine;
    return {
      ansi,
      progress,
      parallel: Number.isFinite(parallel) ? parallel : -1,
      dryRun: flags['dry-run'],
    };
  }

  protected get colourOnStderr(): boolean {
    return useColour(ansiModeFromArgv(this.argv, process.env), process.stderr, process.env);
  }

  /** Loads the project the global flags describe; warnings are printed to stderr as they come. */
  protected loadProjectFromFlags(
    flags: GlobalFlags,
    extra: Partial<LoadProjectOptions> = {},
  ): Promise<LoadedProject> {
    // A CLI run loads one project, once: cheaper without Turbofan (spec/cold-pass.ts).
    allowColdPasses();
    return loadProject({
      files: flags.file,
      projectName: flags['project-name'],
      projectDirectory: flags['project-directory'],
      envFiles: flags['env-file'],
      profiles: flags.profile,
      warn: (warning) => this.printDiagnostic(warning),
      ...extra,
    });
  }

  /**
   * The name of the project when loading it failed only because no compose file
   * was found and `-p`/COMPOSE_PROJECT_NAME names it (as `docker compose -p NAME
   * down|ps|logs` work without files); undefined otherwise.
   */
  protected nameWithoutFiles(error: unknown, flags: GlobalFlags): string | undefined {
    const name = flags['project-name'] ?? process.env.COMPOSE_PROJECT_NAME;
    const noFile =
      error instanceof ComposeError && error.diagnostics.every((d) => d.code === 'file.not-found');
    return noFile && name && !flags.file ? name : undefined;
  }

  /** The project's name: from its files (checking the services named), or `-p` alone when there is no file. */
  protected async projectName(flags: GlobalFlags, services: readonly string[]): Promise<string> {
    try {
      const { project } = await this.loadProjectFromFlags(flags);
      for (const service of services) {
        const known =
          Object.hasOwn(project.services, service) ||
          Object.hasOwn(project.disabledServices, service);
        if (!known) this.error(`no such service: ${service}`, { exit: ExitCode.failure });
      }
      return project.name;
    } catch (error) {
      const name = this.nameWithoutFiles(error, flags);
      if (name === undefined) throw error;
      return name;
    }
  }

  protected printDiagnostic(diagnostic: Diagnostic): void {
    process.stderr.write(`${renderDiagnostic(diagnostic, this.colourOnStderr)}\n`);
  }

  /** The exit code for a failure that would exit with `code`; commands with their own scheme override it. */
  protected failureExitCode(code: number): number {
    return code;
  }

  protected override async catch(
    error: Error & { code?: string; exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    // `this.exit(n)` from a command: not a failure, pass it through untouched.
    if (error.code === 'EEXIT') throw error;
    // Ctrl-C that reached a wait (e.g. for the project lock): the notice was printed already.
    if (error instanceof InterruptedError) return this.exit(this.failureExitCode(error.exitCode));
    if (error instanceof ComposeError) {
      for (const diagnostic of error.diagnostics) this.printDiagnostic(diagnostic);
      return this.exit(this.failureExitCode(error.exitCode));
    }
    // oclif's own errors (bad flags, this.error) keep their message; a command-line
    // syntax error exits 16 as in Docker Compose (oclif's default is 2).
    if (error.oclif) {
      const code =
        error.oclif.exit === 2 || error.oclif.exit === undefined
          ? ExitCode.usage
          : error.oclif.exit;
      error.oclif.exit = this.failureExitCode(code);
      return super.catch(error);
    }
    this.printDiagnostic({ severity: 'error', code: 'internal', message: error.message });
    if (process.env.TSCOMPOSE_DEBUG) process.stderr.write(`${error.stack}\n`);
    const code = typeof error.exitCode === 'number' ? error.exitCode : ExitCode.failure;
    return this.exit(this.failureExitCode(code));
  }
}

/**
 * `--ansi` as written on the command line, for output made before (or without)
 * flag parsing, such as errors: `--no-ansi`, `--ansi X`, `--ansi=X`, else
 * `COMPOSE_ANSI`, else auto.
 */
export function ansiModeFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv): AnsiMode {
  const modes: readonly string[] = ['auto', 'always', 'never'];
  let mode = env.COMPOSE_ANSI ?? 'auto';
  argv.forEach((arg, index) => {
    if (arg === '--no-ansi') mode = 'never';
    else if (arg === '--ansi') mode = argv[index + 1] ?? mode;
    else if (arg.startsWith('--ansi=')) mode = arg.slice('--ansi='.length);
  });
  return (modes.includes(mode) ? mode : 'auto') as AnsiMode;
}
