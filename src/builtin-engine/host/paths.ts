/**
 * Where the built-in engine keeps its socket, pid file, log and state (issue 8):
 * `/run/tscompose/engine.sock` and `/var/lib/tscompose` as root; under
 * `$XDG_RUNTIME_DIR` and `$XDG_DATA_HOME` otherwise (rootless comes later, the
 * paths are ready for it). `TSCOMPOSE_ENGINE_SOCKET` and
 * `TSCOMPOSE_ENGINE_ROOT` move them (tests run a private daemon that way).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EnginePaths {
  /** The unix socket the API listens on. */
  readonly socket: string;
  /** Runtime files: pid file and the socket's directory. */
  readonly runDir: string;
  readonly pidFile: string;
  /** State that survives the daemon: images, containers, volumes, networks. */
  readonly root: string;
  readonly logFile: string;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function enginePaths(
  env: NodeJS.ProcessEnv = process.env,
  root: boolean = isRoot(),
): EnginePaths {
  const runtimeBase = root
    ? '/run'
    : (env.XDG_RUNTIME_DIR ?? join('/tmp', `tscompose-${process.getuid?.() ?? 'user'}`));
  const dataBase = root ? '/var/lib' : (env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'));
  const socket = env.TSCOMPOSE_ENGINE_SOCKET ?? join(runtimeBase, 'tscompose', 'engine.sock');
  const stateRoot = env.TSCOMPOSE_ENGINE_ROOT ?? join(dataBase, 'tscompose');
  const runDir = join(socket, '..');
  return {
    socket,
    runDir,
    pidFile: join(runDir, 'engine.pid'),
    root: stateRoot,
    logFile: join(stateRoot, 'engine.log'),
  };
}
