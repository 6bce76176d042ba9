/**
 * `tscompose engine serve`: assembles the daemon from its parts and runs it
 * until SIGTERM/SIGINT. Layout under the state root:
 *
 *   images/          the OCI image store
 *   layers/          unpacked layers, shared by the containers' overlays
 *   containers/      container records (<id>.json) and each container's overlay, bundle, log, /etc files
 *   state/{images,volumes,networks}/  the resource services' records
 *   volumes/<name>/_data             local volume data
 *
 * Stopping the daemon leaves containers running under their monitors: the
 * next `serve` recovers them. The firewall rules stay while containers run
 * (Docker's FORWARD policy would otherwise cut them off from each other) and
 * are removed when none does.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApiServer } from '../api/index.js';
import { DnsNameServer } from '../dns/index.js';
import { useCommandRunner } from '../host/commands.js';
import type { EnginePaths } from '../host/paths.js';
import { ShellSpawner } from '../host/shell-spawner.js';
import { LinuxNetworkDriver } from '../network/index.js';
import { UserlandPortProxy } from '../ports/index.js';
import { OciDriver, detectRuntime } from '../runtime/index.js';
import { ImageStore } from '../store/index.js';
import { BuiltinEngineCore } from './core.js';
import { EventBus } from './events/bus.js';
import { StoreImageService } from './images/index.js';
import { BridgeNetworkService } from './networks/index.js';
import { LocalVolumeService } from './volumes/index.js';

export interface RunningEngine {
  readonly socket: string;
  /** Stops serving; containers keep running. */
  close(): Promise<void>;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}

const COMMANDS_DIR_PREFIX = 'tscompose-commands-';

/** The command directories of daemons that died without removing theirs (kill -9). */
async function removeStaleCommandDirs(base: string): Promise<void> {
  const entries = await readdir(base).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => name.startsWith(COMMANDS_DIR_PREFIX))
      .filter((name) => {
        const pid = Number(name.slice(COMMANDS_DIR_PREFIX.length));
        return Number.isInteger(pid) && pid > 0 && !existsSync(`/proc/${pid}`);
      })
      .map((name) => rm(join(base, name), { recursive: true, force: true })),
  );
}

export async function serveEngine(paths: EnginePaths): Promise<RunningEngine> {
  const root = paths.root;
  await mkdir(root, { recursive: true, mode: 0o711 });
  await mkdir(paths.runDir, { recursive: true, mode: 0o711 });
  // Host tools run through one small shell rather than forks of this process (host/commands.ts).
  const commandsBase = existsSync('/dev/shm') ? '/dev/shm' : paths.runDir;
  await removeStaleCommandDirs(commandsBase);
  const spawner = await ShellSpawner.start(
    join(commandsBase, `${COMMANDS_DIR_PREFIX}${process.pid}`),
  );
  const restoreRunner = useCommandRunner(spawner.run);
  const store = await ImageStore.open(join(root, 'images'));
  const events = new EventBus();
  const network = new LinuxNetworkDriver();
  const nameServer = new DnsNameServer({
    onError: (error: unknown) => log(`dns: ${String(error)}`),
  });
  const ports = new UserlandPortProxy({
    onError: (error: unknown) => log(`ports: ${String(error)}`),
  });
  const runtimeChoice = await detectRuntime();
  log(`runtime: ${runtimeChoice.reason}`);
  const runtime = new OciDriver(runtimeChoice);
  const images = new StoreImageService({
    store,
    snapshotRoot: root,
    stateDir: join(root, 'state', 'images'),
  });
  const volumes = new LocalVolumeService({
    volumesDir: join(root, 'volumes'),
    stateDir: join(root, 'state', 'volumes'),
  });
  const networks = new BridgeNetworkService({
    stateDir: join(root, 'state', 'networks'),
    driver: network,
    nameServer,
    // A private daemon (tests) keeps off the default daemon's `tsc0`.
    ...(process.env.TSCOMPOSE_ENGINE_DEFAULT_BRIDGE
      ? { defaultBridge: process.env.TSCOMPOSE_ENGINE_DEFAULT_BRIDGE }
      : {}),
  });
  // Bridges and DNS servers of networks with endpoints, before containers are recovered.
  await networks.restore();
  const core = await BuiltinEngineCore.open({
    root,
    runtime,
    network,
    images,
    volumes,
    networks,
    ports,
    events,
    warn: (message) => log(message),
    runtimeName: runtimeChoice.runtime,
  });
  const server = await startApiServer(core, { socketPath: paths.socket, log });
  await writeFile(paths.pidFile, `${process.pid}\n`);
  log(`tscompose engine listening on unix://${paths.socket} (state in ${root})`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await server.close();
      await core.close();
      await ports.close();
      await nameServer.close();
      const running = (await core.info()).ContainersRunning;
      if (running === 0) await network.teardownFirewall();
      await rm(paths.pidFile, { force: true });
      restoreRunner();
      await spawner.close();
      log('tscompose engine stopped');
    })());
  return { socket: paths.socket, close };
}
