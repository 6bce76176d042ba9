// A private built-in engine daemon for integration tests: `tscompose engine
// serve` (the built CLI, so `npm run build` first) with its socket and state
// in a temporary directory, started as a child process and stopped by its pid.
// Real clients (the docker CLI, docker-compose 1.29, dockerode) talk to it
// through `DOCKER_HOST`.
//
//   const engine = await startBuiltinEngine();
//   execFileSync('docker', ['ps'], { env: engine.env });
//   await engine.stop();
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pingEngine } from '../../src/builtin-engine/host/control.js';
import { tscomposeBin } from './cli.js';
import { busyboxImage } from './engine.js';

export interface TestBuiltinEngine {
  readonly socket: string;
  readonly root: string;
  readonly logFile: string;
  /** process.env with DOCKER_HOST pointing at this daemon (and no Docker context). */
  readonly env: NodeJS.ProcessEnv;
  readonly pid: () => number | undefined;
  /** SIGTERM and wait: containers keep running. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash. */
  kill9(): Promise<void>;
  /** Starts the daemon again on the same state. */
  restart(): Promise<void>;
  /** Stops the daemon, removes every container it runs, unmounts, deletes the state. */
  destroy(): Promise<void>;
  /** The daemon's log, for a failing test's message. */
  log(): string;
}

/** The test daemons' default `bridge` network interface (a user's daemon has `tsc0`). */
const DEFAULT_BRIDGE = 'tsct0';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startBuiltinEngine(): Promise<TestBuiltinEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'tscompose-builtin-'));
  const socket = join(dir, 'run', 'engine.sock');
  const root = join(dir, 'state');
  const logFile = join(dir, 'engine.log');
  const daemonEnv = {
    ...process.env,
    TSCOMPOSE_ENGINE_SOCKET: socket,
    TSCOMPOSE_ENGINE_ROOT: root,
    TSCOMPOSE_ENGINE_DEFAULT_BRIDGE: DEFAULT_BRIDGE,
  };
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${socket}` };
  delete env.DOCKER_CONTEXT;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = async (): Promise<void> => {
    const out = openSync(logFile, 'a');
    const started = spawn(process.execPath, [tscomposeBin, 'engine', 'serve'], {
      env: daemonEnv,
      stdio: ['ignore', out, out],
    });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) break;
      if (await pingEngine(socket, 500)) return;
      await sleep(50);
    }
    throw new Error(`the built-in engine did not start:\n${readFileSync(logFile, 'utf8')}`);
  };

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill(name);
      await exited;
    }
    child = undefined;
  };

  await launch();
  const engine: TestBuiltinEngine = {
    socket,
    root,
    logFile,
    env,
    pid: () => child?.pid,
    stop: () => signal('SIGTERM'),
    kill9: () => signal('SIGKILL'),
    restart: launch,
    log: () => readFileSync(logFile, 'utf8'),
    destroy: async () => {
      // Remove what runs through the daemon itself (it knows mounts, netns, veths).
      if (!child) await launch().catch(() => undefined);
      const ids = spawnSync('docker', ['ps', '-aq'], { env, encoding: 'utf8' }).stdout.trim();
      if (ids) spawnSync('docker', ['rm', '-f', '-v', ...ids.split('\n')], { env });
      for (const name of spawnSync('docker', ['network', 'ls', '-q', '--filter', 'type=custom'], {
        env,
        encoding: 'utf8',
      })
        .stdout.trim()
        .split('\n')
        .filter(Boolean))
        spawnSync('docker', ['network', 'rm', name], { env });
      await signal('SIGTERM');
      // Bridges outlive the daemon (as docker0 outlives dockerd); a test's must not.
      spawnSync('ip', ['link', 'del', DEFAULT_BRIDGE]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}

/** Puts the offline busybox image (from the Docker Engine the suite runs) into the built-in engine. */
export function loadBusybox(engine: TestBuiltinEngine): void {
  const saved = spawnSync('docker', ['save', busyboxImage], { maxBuffer: 64 << 20 });
  if (saved.status !== 0) throw new Error(`docker save failed: ${saved.stderr}`);
  const loaded = spawnSync('docker', ['load'], { env: engine.env, input: saved.stdout });
  if (loaded.status !== 0) throw new Error(`docker load failed: ${loaded.stderr}\n${engine.log()}`);
}
