import { Args, Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';

export default class Attach extends ComposeCommand {
  static override summary =
    "Attach local standard input, output, and error streams to a service's running container";
  static override usage = 'attach [FLAGS] SERVICE';
  static override examples = [
    '<%= config.bin %> attach web',
    '<%= config.bin %> attach --no-stdin --index 2 worker',
  ];

  static override args = {
    service: Args.string({ required: true, description: 'SERVICE' }),
  };

  static override flags = {
    index: Flags.integer({
      description: 'index of the container if service has multiple replicas.',
    }),
    'detach-keys': Flags.string({
      description: 'Override the key sequence for detaching from a container.',
    }),
    'no-stdin': Flags.boolean({ description: 'Do not attach STDIN' }),
    'sig-proxy': Flags.boolean({
      default: true,
      allowNo: true,
      description: 'Proxy all received signals to the process',
    }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Attach);
    this.resolveGlobalOptions(flags);
    const name = await this.projectName(flags, [args.service]);
    const [{ openEngine }, { attachService }, { processStdio }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/attach.js'),
      import('../lifecycle/exec-terminal.js'),
    ]);
    const engine = await openEngine(process.env);
    const { exitCode } = await attachService(
      name,
      engine,
      {
        service: args.service,
        noStdin: flags['no-stdin'],
        sigProxy: flags['sig-proxy'],
        ...(flags.index !== undefined ? { index: flags.index } : {}),
        ...(flags['detach-keys'] !== undefined ? { detachKeys: flags['detach-keys'] } : {}),
      },
      processStdio(),
    );
    this.exit(exitCode);
  }
}
