import { writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { ExitCode } from '../spec/diagnostics.js';
import { ComposeCommand } from '../cli/compose-command.js';
import { renderConfig, type ConfigView } from '../ui/config-output.js';

export default class Config extends ComposeCommand {
  static override summary = 'Parse, resolve and render compose file in canonical format';
  static override description = `Loads the project exactly as "up" would (discovery, .env, interpolation, merge of every -f file, extends, include, profiles), validates it, and prints the result in canonical long syntax. Exits with code ${ExitCode.invalidConfig} and a message naming file, line and key when the configuration is invalid.`;
  static override strict = false;
  // ignoreStdin: oclif would otherwise read standard input as the argument, stealing `-f -`.
  static override args = {
    services: Args.string({
      description: 'Services to render (and their dependencies)',
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> config',
    '<%= config.bin %> -f compose.yaml -f compose.prod.yaml config --format json',
    '<%= config.bin %> config -q',
    '<%= config.bin %> config --hash "*"',
  ];

  static override flags = {
    format: Flags.string({
      options: ['yaml', 'json'],
      default: 'yaml',
      description: 'Format the output',
    }),
    output: Flags.string({ char: 'o', description: 'Save to file (default to stdout)' }),
    quiet: Flags.boolean({
      char: 'q',
      description: "Only validate the configuration, don't print anything",
    }),
    services: Flags.boolean({ description: 'Print the service names, one per line' }),
    volumes: Flags.boolean({ description: 'Print the volume names, one per line' }),
    networks: Flags.boolean({ description: 'Print the network names, one per line' }),
    profiles: Flags.boolean({ description: 'Print the profile names, one per line' }),
    images: Flags.boolean({ description: 'Print the image names, one per line' }),
    hash: Flags.string({
      description: 'Print the service config hash, one per line ("svc1,svc2" or "*")',
    }),
    variables: Flags.boolean({ description: 'Print model variables and default values' }),
    environment: Flags.boolean({ description: 'Print environment used for interpolation' }),
    'no-interpolate': Flags.boolean({ description: "Don't interpolate environment variables" }),
    'no-normalize': Flags.boolean({ description: "Don't normalize compose model" }),
    'no-path-resolution': Flags.boolean({ description: "Don't resolve file paths" }),
    'no-env-resolution': Flags.boolean({ description: "Don't resolve service env files" }),
    'no-consistency': Flags.boolean({
      description: "Don't check model consistency - warning: may produce invalid Compose output",
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Config);
    this.resolveGlobalOptions(flags);
    const services = argv as string[];
    const loaded = await this.loadProjectFromFlags(flags, {
      services,
      interpolate: !flags['no-interpolate'],
      resolvePaths: !flags['no-path-resolution'],
      consistency: !flags['no-consistency'],
      resolveEnvFiles: !flags['no-env-resolution'],
    });
    if (flags.quiet) return;
    const text = renderConfig(loaded, chooseView(flags));
    if (flags.output) writeFileSync(flags.output, text);
    else process.stdout.write(text);
  }
}

type ConfigFlags = Awaited<ReturnType<Config['parse']>>['flags'] & Record<string, unknown>;

/** The listing flags are exclusive in docker compose; the first one given wins, in this order. */
function chooseView(flags: ConfigFlags): ConfigView {
  const format = flags.format === 'json' ? 'json' : 'yaml';
  for (const kind of [
    'services',
    'volumes',
    'networks',
    'profiles',
    'images',
    'environment',
  ] as const) {
    if (flags[kind]) return { kind };
  }
  if (typeof flags.hash === 'string') return { kind: 'hash', services: flags.hash };
  if (flags.variables) return { kind: 'variables', format };
  return {
    kind: 'model',
    format,
    normalize: !flags['no-normalize'],
    escapeDollars: !flags['no-interpolate'],
  };
}
