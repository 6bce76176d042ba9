import { Command } from '@oclif/core';
import { serveEngine } from '../../builtin-engine/daemon/serve.js';
import { enginePaths } from '../../builtin-engine/host/paths.js';
import { checkHost, describeMissing } from '../../builtin-engine/host/requirements.js';

export default class EngineServe extends Command {
  static override summary = 'Run the built-in engine in the foreground';
  static override description =
    'A daemon speaking the Docker Engine API (v1.41) on a unix socket, running containers with runc: /run/tscompose/engine.sock as root (TSCOMPOSE_ENGINE_SOCKET moves it), state in /var/lib/tscompose (TSCOMPOSE_ENGINE_ROOT). Stops on SIGTERM or SIGINT; containers keep running and are recovered by the next start. Image builds and pushes are not supported yet.';

  async run(): Promise<void> {
    const host = await checkHost();
    if (!host.ok) this.error(describeMissing(host), { exit: 1 });
    const engine = await serveEngine(enginePaths());
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        void engine.close().then(resolve, (error: unknown) => {
          process.stderr.write(`error while stopping: ${String(error)}\n`);
          resolve();
        });
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    // Watchers of the containers that keep running (exit files, health timers
    // already stopped) would keep the event loop alive: the daemon is done.
    this.exit(0);
  }
}
