import { Command, Flags } from '@oclif/core';
import { getEngineVersion } from '../engine/docker/connection.js';
import { endpointInUse } from '../engine/choose.js';

// Not a ComposeCommand: `version -f` is --format (as in docker compose), so the
// global -f/--file must not apply here, and no project is loaded.
export default class Version extends Command {
  static override summary =
    "Show the tscompose version information (and the engine's, when one answers)";
  static override flags = {
    format: Flags.string({
      char: 'f',
      options: ['pretty', 'json'],
      default: 'pretty',
      description: 'Format the output',
    }),
    short: Flags.boolean({ description: "Shows only tscompose's version number" }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const version = this.config.version;
    if (flags.short) {
      this.log(version);
      return;
    }
    let endpoint;
    try {
      endpoint = endpointInUse(process.env);
    } catch {
      endpoint = undefined; // a bad DOCKER_HOST or context: getEngineVersion words it
    }
    const engine = await getEngineVersion(process.env, endpoint ? { endpoint } : {});
    if (flags.format === 'json') {
      this.log(JSON.stringify({ version: `v${version}`, engine }));
      return;
    }
    this.log(`tscompose version v${version}`);
    if ('error' in engine) this.log(`Engine: not reachable (${engine.error})`);
    else
      this.log(
        `Engine: ${engine.name} ${engine.version} (API ${engine.apiVersion}, ${engine.os}/${engine.arch}) at ${engine.endpoint}`,
      );
  }
}
