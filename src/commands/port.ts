import { Args, Flags } from '@oclif/core';
import { ComposeCommand } from '../cli/compose-command.js';
import { ExitCode } from '../spec/diagnostics.js';

export default class Port extends ComposeCommand {
  static override summary = 'Print the public port for a port binding';
  static override usage = 'port [FLAGS] SERVICE PRIVATE_PORT';
  static override examples = [
    '<%= config.bin %> port web 80',
    '<%= config.bin %> port --protocol udp --index 2 dns 53',
  ];

  static override args = {
    service: Args.string({ required: true, description: 'SERVICE' }),
    privatePort: Args.string({ required: true, description: 'PRIVATE_PORT' }),
  };

  static override flags = {
    protocol: Flags.string({ default: 'tcp', description: 'tcp or udp' }),
    index: Flags.integer({
      description: 'Index of the container if service has multiple replicas',
    }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Port);
    this.resolveGlobalOptions(flags);
    const privatePort = Number(args.privatePort);
    if (!/^\d+$/.test(args.privatePort) || privatePort > 65535)
      this.error(`invalid port "${args.privatePort}": expected a number from 0 to 65535`, {
        exit: ExitCode.usage,
      });
    const name = await this.projectName(flags, [args.service]);
    const [{ openEngine }, { port, formatPublishedPort }] = await Promise.all([
      import('../engine/index.js'),
      import('../lifecycle/port.js'),
    ]);
    const engine = await openEngine(process.env);
    const published = await port(name, engine, {
      service: args.service,
      privatePort,
      protocol: flags.protocol,
      ...(flags.index !== undefined ? { index: flags.index } : {}),
    });
    process.stdout.write(`${formatPublishedPort(published)}\n`);
  }
}
