import { Command } from '@oclif/core';
import { enginePaths } from '../../builtin-engine/host/paths.js';
import { stopEngine } from '../../builtin-engine/host/control.js';

export default class EngineStop extends Command {
  static override summary = 'Stop the built-in engine';
  static override description =
    'Stops the background daemon. Containers keep running under their monitors; the next start recovers them.';

  async run(): Promise<void> {
    const { stopped, pid } = await stopEngine(enginePaths());
    this.log(stopped ? `Built-in engine stopped (pid ${pid})` : 'Built-in engine is not running');
  }
}
