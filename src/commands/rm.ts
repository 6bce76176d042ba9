import { createInterface } from 'node:readline/promises';
import { Flags } from '@oclif/core';
import { LifecycleCommand } from '../cli/lifecycle-command.js';
import { renderDryRun } from '../ui/progress/plan-output.js';

export default class Rm extends LifecycleCommand {
  static override summary = 'Removes stopped service containers';
  static override description =
    'Removes the stopped containers of the services (one-off containers too). Running containers are kept unless -s stops them first. By default, anonymous volumes attached to containers are not removed; -v removes them.';
  static override strict = false;
  static override usage = 'rm [SERVICE...] [FLAGS]';
  static override examples = ['<%= config.bin %> rm -f', '<%= config.bin %> rm -s -v web'];

  static override flags = {
    // `-f` is also the global --file; after `rm` it means --force, as in compose (see forceFlags).
    force: Flags.boolean({ description: "Don't ask to confirm removal (-f after rm)" }),
    stop: Flags.boolean({
      char: 's',
      description: 'Stop the containers, if required, before removing',
    }),
    volumes: Flags.boolean({
      char: 'v',
      description: 'Remove any anonymous volumes attached to containers',
    }),
    all: Flags.boolean({ char: 'a', hidden: true, description: 'Deprecated - no effect' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Rm, forceFlags(this.argv, process.argv, this.id));
    const global = this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const engine = await this.openEngine();
    const project = await this.projectOrLabels(flags, engine);
    const [{ listProjectContainers }, lifecycle] = await Promise.all([
      import('../lifecycle/containers.js'),
      import('../lifecycle/rm.js'),
    ]);
    const containers = await listProjectContainers(engine, project.name);
    const targets = lifecycle.containersToRemove(project, containers, {
      services,
      stop: flags.stop,
    });
    if (targets.length === 0) {
      process.stderr.write('No stopped containers\n');
      return;
    }
    if (global.dryRun) {
      const plan = lifecycle.planRm(project.name, targets, flags.volumes);
      process.stdout.write(renderDryRun(plan, this.colourOnStderr));
      return;
    }
    const question = `Going to remove ${targets.map((c) => c.name).join(', ')}\nAre you sure? [yN] `;
    if (!flags.force && !(await confirm(question))) return;
    await this.runWithProgress(global, (signal, onEvent) =>
      lifecycle.rm(
        project.name,
        targets,
        engine,
        {
          services,
          stop: flags.stop,
          volumes: flags.volumes,
          parallel: global.parallel,
          signal,
        },
        onEvent,
      ),
    );
  }
}

/**
 * `-f` written after `rm` is `--force` (compose's local flag shadows the global
 * `-f FILE`). The launcher moves global flags written before the command to the
 * front of this command's arguments, so the first `-f`s — as many as the
 * original command line had before the command name — stay `--file`.
 */
export function forceFlags(
  args: readonly string[],
  processArgs: readonly string[],
  commandId: string | undefined,
): string[] {
  const commandAt = processArgs.indexOf(commandId ?? 'rm', 2);
  let fileFlags =
    commandAt < 0 ? 0 : processArgs.slice(2, commandAt).filter((a) => a === '-f').length;
  return args.map((arg) => {
    if (arg !== '-f') return arg;
    if (fileFlags > 0) {
      fileFlags -= 1;
      return arg;
    }
    return '--force';
  });
}

/**
 * Asks on a terminal; without one there is nobody to ask, so — as `docker
 * compose` does when it runs non-interactively — the removal proceeds.
 */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return true;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
