import { Command } from '@oclif/core';
import { checkHost, describeMissing } from '../../builtin-engine/host/requirements.js';
import { enginePaths } from '../../builtin-engine/host/paths.js';
import { startEngine } from '../../builtin-engine/host/control.js';

export default class EngineStart extends Command {
  static override summary = 'Start the built-in engine in the background';
  static override description =
    'Starts `tscompose engine serve` detached, with its output in the engine log, and waits until it answers. Point Docker clients at it with DOCKER_HOST=unix://<socket>.';

  async run(): Promise<void> {
    const paths = enginePaths();
    const host = await checkHost();
    if (!host.ok) this.error(describeMissing(host), { exit: 1 });
    try {
      const { started, pid } = await startEngine(paths, [process.execPath, process.argv[1]!]);
      const where = `unix://${paths.socket}`;
      this.log(
        started
          ? `Built-in engine started (pid ${pid}) on ${where}; log: ${paths.logFile}`
          : `Built-in engine already running on ${where}`,
      );
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
  }
}
