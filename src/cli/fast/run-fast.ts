/**
 * The fast start path (issue 7): runs a command through oclif-lite instead of
 * oclif, or answers `false` so the launcher hands the command line to oclif.
 * See oclif-lite.ts for what is accepted and why this is safe.
 */
import { moveGlobalFlagsAfterCommand } from '../global-flags.js';
import { CLIError, ExitError, prettyError, type Command, type LiteConfig } from './oclif-lite.js';

type CommandModule = {
  default: new (argv: string[], config: LiteConfig) => Command;
};

export type CommandLoaders = Readonly<Record<string, () => Promise<CommandModule>>>;

/** True when the command ran here (its exit code is set); false to run it through oclif. */
export async function runFast(
  rawArgv: readonly string[],
  commands: CommandLoaders,
  version: () => string,
): Promise<boolean> {
  const argv = moveGlobalFlagsAfterCommand(rawArgv);
  const id = argv[0];
  const load = id === undefined || !Object.hasOwn(commands, id) ? undefined : commands[id];
  if (load === undefined) return false;
  const { default: CommandClass } = await load();
  const config = {
    bin: 'tscompose',
    get version() {
      return version();
    },
  };
  const command = new CommandClass(argv.slice(1), config);
  command.id = id;
  try {
    await command.runLite();
  } catch (error) {
    if (error instanceof Error && error.name === 'FallBack') {
      if (process.env.TSCOMPOSE_DEBUG) process.stderr.write(`[fast path] ${error.message}\n`);
      return false;
    }
    if (error instanceof ExitError) {
      process.exitCode = error.oclif.exit;
    } else if (error instanceof CLIError) {
      process.stderr.write(`${prettyError('Error', error.message)}\n`);
      process.exitCode = error.oclif.exit;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${prettyError('Error', message)}\n`);
      process.exitCode = 1;
    }
  }
  return true;
}
