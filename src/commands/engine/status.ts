import { Command } from '@oclif/core';
import { enginePaths } from '../../builtin-engine/host/paths.js';
import { engineStatus } from '../../builtin-engine/host/control.js';

export default class EngineStatus extends Command {
  static override summary = 'Show whether the built-in engine is running';
  static override description = 'Exits 0 when the engine answers on its socket, 1 otherwise.';

  async run(): Promise<void> {
    const status = await engineStatus(enginePaths());
    const where = `unix://${status.socket}`;
    switch (status.state) {
      case 'running':
        this.log(`running${status.pid ? ` (pid ${status.pid})` : ''} on ${where}`);
        return;
      case 'unresponsive':
        this.log(`not answering on ${where} (pid ${status.pid} is alive)`);
        return this.exit(1);
      case 'stopped':
        this.log(`stopped (${where})`);
        return this.exit(1);
    }
  }
}
