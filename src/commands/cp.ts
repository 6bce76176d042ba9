import { Args, Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';

export default class Cp extends ComposeCommand {
  static override summary =
    'Copy files/folders between a service container and the local filesystem';
  static override description =
    'SERVICE:SRC DEST copies out of the first container of SERVICE; SRC SERVICE:DEST copies into every container of it. "-" streams a tar archive from stdin or to stdout. Archive entries that would land outside DEST are refused.';
  static override usage = [
    'cp [FLAGS] SERVICE:SRC_PATH DEST_PATH|-',
    'cp [FLAGS] SRC_PATH|- SERVICE:DEST_PATH',
  ];
  static override examples = [
    '<%= config.bin %> cp web:/etc/nginx/nginx.conf ./nginx.conf',
    '<%= config.bin %> cp ./static/. web:/usr/share/nginx/html',
  ];

  static override args = {
    source: Args.string({ required: true, description: 'SERVICE:SRC_PATH or SRC_PATH' }),
    destination: Args.string({ required: true, description: 'DEST_PATH or SERVICE:DEST_PATH' }),
  };

  static override flags = {
    index: Flags.integer({
      description: 'Index of the container if service has multiple replicas',
    }),
    all: Flags.boolean({ description: 'Include containers created by the run command' }),
    'follow-link': Flags.boolean({
      char: 'L',
      description: 'Always follow symbol link in SRC_PATH',
    }),
    archive: Flags.boolean({
      char: 'a',
      description: 'Archive mode (copy all uid/gid information)',
    }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Cp);
    this.resolveGlobalOptions(flags);
    const [{ copyDirection }, { openEngine }, { copy }] = await Promise.all([
      import('../lifecycle/cp-args.js'),
      import('../engine/index.js'),
      import('../lifecycle/cp.js'),
    ]);
    const direction = copyDirection(args.source, args.destination);
    const name = await this.projectName(flags, [direction.service]);
    const engine = await openEngine(process.env);
    await copy(
      name,
      engine,
      {
        source: args.source,
        destination: args.destination,
        all: flags.all,
        followLink: flags['follow-link'],
        archive: flags.archive,
        ...(flags.index !== undefined ? { index: flags.index } : {}),
      },
      { stdin: process.stdin, stdout: process.stdout },
      (event) => {
        if (event.status === 'copied' && args.destination !== '-')
          process.stderr.write(`Container ${event.container}  Copied (${event.details})\n`);
      },
    );
  }
}
