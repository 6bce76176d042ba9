// A private built-in engine daemon for the tools that run on it (`tscompose-builtin`,
// `docker-compose-builtin`, `floor-builtin`): `tscompose engine serve` from this tree, with its
// socket, state and log in a directory of its own, busybox copied in from the Docker Engine,
// and everything it leaves by design removed at the end (containers still running under
// conmon, networks, volumes, its default bridge, the directory). Only one built-in daemon may
// run on a machine at a time (they share the TSCOMPOSE iptables chains), so the harness waits
// for another one to go away rather than start beside it.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { setTimeout } from 'node:timers';
import { join } from 'node:path';
import Docker from 'dockerode';

/** The private daemon's default `bridge` network interface (a user's has `tsc0`, tests' `tsct0`). */
export const BENCH_BRIDGE = 'tscbench0';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const firstLine = (command, args) =>
  (spawnSync(command, args, { encoding: 'utf8' }).stdout ?? '').trim().split('\n')[0] ?? '';

/** Where this run's daemon lives; fixed per harness process so the tools' env is known early. */
export function builtinDir() {
  return join(os.tmpdir(), `tscompose-bench-engine-${process.pid}`);
}

/** What a client needs to reach the daemon: DOCKER_HOST on its socket. */
export function builtinEnv(dir = builtinDir()) {
  return { DOCKER_HOST: `unix://${join(dir, 'run', 'engine.sock')}` };
}

/** Why the built-in engine cannot run here, or undefined when it can. */
export function builtinProblem(root) {
  if (process.platform !== 'linux') return 'the built-in engine runs on Linux only';
  if (process.getuid?.() !== 0) return 'the built-in engine needs root here';
  const deps = spawnSync('node', [join(root, 'scripts', 'builtin-deps.mjs'), 'status'], {
    encoding: 'utf8',
  });
  if (deps.status === 0) return undefined;
  const missing = deps.stdout.split('\n').filter((line) => line.includes('missing'));
  return `missing tools: ${missing.map((line) => line.trim().split(/\s+/)[0]).join(', ')}`;
}

/** Installs runc, conmon & co. with apt (scripts/builtin-deps.mjs). */
export function installBuiltinDeps(root) {
  return (
    spawnSync('node', [join(root, 'scripts', 'builtin-deps.mjs'), 'ensure'], { stdio: 'inherit' })
      .status === 0
  );
}

/** GET /_ping: true when a daemon answers OK on the socket. */
function ping(socketPath, timeoutMs = 500) {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && body === 'OK'));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Pids of `engine serve` processes (any built-in engine daemon on this machine). */
function otherDaemons() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf('engine');
      if (at > 0 && argv[at + 1] === 'serve' && argv.some((a) => /tscompose/.test(a)))
        pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Our chains exist while some built-in daemon has (or had, before a crash) containers running. */
function chainsPresent() {
  const saved = spawnSync('iptables', ['-S', 'FORWARD'], { encoding: 'utf8' }).stdout ?? '';
  return /-j TSCOMPOSE/.test(saved);
}

/**
 * Waits until no other built-in daemon runs; false when one still does after `waitMs`. Chains
 * without a daemon are containers of a stopped (or crashed and restarting) one: a short grace,
 * then a warning, since stale chains from a crash would otherwise block every later run.
 */
async function waitForOthers(waitMs, log, cancelled) {
  const began = Date.now();
  let said = '';
  for (;;) {
    const pids = otherDaemons();
    const chains = chainsPresent();
    if (pids.length === 0 && !chains) return true;
    const waited = Date.now() - began;
    if (pids.length === 0 && waited >= 60_000) {
      log('TSCOMPOSE chains are in use with no built-in daemon running; going ahead');
      return true;
    }
    const why = pids.length
      ? `another built-in engine daemon runs (pid ${pids.join(', ')})`
      : 'the TSCOMPOSE iptables chains are in use (by a stopped built-in daemon?)';
    if (waited >= waitMs || cancelled()) {
      log(`${why}; gave up waiting`);
      return false;
    }
    if (why !== said) log(`${why}; built-in daemons share firewall chains, waiting`);
    said = why;
    await sleep(5000);
  }
}

/**
 * Starts the daemon and loads busybox into it. Resolves `{ env, pid, facts(), destroy() }`,
 * or rejects with the daemon's log when it does not come up.
 */
export async function startBuiltinEngine({
  root,
  log,
  waitMs = 15 * 60_000,
  cancelled = () => false,
}) {
  if (!(await waitForOthers(waitMs, log, cancelled)))
    throw new Error('another built-in engine daemon is running on this machine');
  const dir = builtinDir();
  mkdirSync(join(dir, 'run'), { recursive: true });
  const socketPath = join(dir, 'run', 'engine.sock');
  const logFile = join(dir, 'engine.log');
  const env = builtinEnv(dir);
  const daemonEnv = {
    ...process.env,
    TSCOMPOSE_ENGINE_SOCKET: socketPath,
    TSCOMPOSE_ENGINE_ROOT: join(dir, 'state'),
    TSCOMPOSE_ENGINE_DEFAULT_BRIDGE: BENCH_BRIDGE,
  };
  const clientEnv = { ...process.env, ...env };
  delete clientEnv.DOCKER_CONTEXT;
  const client = new Docker({ socketPath });
  let child;
  let exited;

  const launch = async () => {
    const out = openSync(logFile, 'a');
    // Its own process group: a Ctrl-C in the terminal must not stop it before the harness has
    // removed its containers through it.
    child = spawn(process.execPath, [join(root, 'bin', 'tscompose.js'), 'engine', 'serve'], {
      env: daemonEnv,
      stdio: ['ignore', out, out],
      detached: true,
    });
    closeSync(out);
    const started = child;
    exited = new Promise((resolve) => started.once('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && started.exitCode === null) {
      if (await ping(socketPath)) return;
      await sleep(50);
    }
    throw new Error(`the built-in engine did not start:\n${tail(logFile)}`);
  };

  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(30_000)]);
      if (!stopped) {
        log(`built-in engine (pid ${child.pid}) ignored SIGTERM for 30 s; SIGKILL`);
        child.kill('SIGKILL');
        await exited;
      }
    }
    child = undefined;
  };

  let destroyed;
  const destroy = () =>
    (destroyed ??= (async () => {
      // The daemon must be up to remove its containers (it knows their mounts, netns, veths).
      if (!child || !(await ping(socketPath))) await launch().catch(() => undefined);
      if (await ping(socketPath)) await removeEverything(client, log);
      else log('built-in engine not answering: its containers could not be removed');
      await stop();
      // The default bridge outlives the daemon (as docker0 outlives dockerd); ours must not.
      if (spawnSync('ip', ['link', 'show', BENCH_BRIDGE], { stdio: 'ignore' }).status === 0)
        spawnSync('ip', ['link', 'del', BENCH_BRIDGE]);
      if (existsSync(logFile))
        copyFileSync(logFile, join(root, 'bench', 'out', 'builtin-engine.log'));
      const mounted = mountsUnder(dir);
      if (mounted.length > 0)
        log(`not deleting ${dir}: still mounted there: ${mounted.join(', ')}`);
      else rmSync(dir, { recursive: true, force: true });
    })());

  try {
    await launch();
    loadImage(clientEnv, 'busybox:latest');
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    env,
    pid: () => child?.pid,
    facts: async () => {
      const version = await client.version();
      const conmon = /version (\S+)/.exec(firstLine('conmon', ['--version']))?.[1] ?? '?';
      // The runtime the daemon chose (crun where it works, else runc): `docker info` names it.
      const runtime = (await client.info()).DefaultRuntime ?? 'runc';
      const runtimeVersion = /version (\S+)/.exec(firstLine(runtime, ['--version']))?.[1] ?? '?';
      return `tscompose built-in engine ${version.Version} (API ${version.ApiVersion}; ${runtime} ${runtimeVersion}, conmon ${conmon}; private daemon, state on ${fsType(dir)})`;
    },
    destroy,
  };
}

/** `docker save` from the Docker Engine piped into `docker load` on the daemon. */
function loadImage(clientEnv, image) {
  const saved = spawnSync('docker', ['save', image], { maxBuffer: 256 << 20 });
  if (saved.status !== 0) throw new Error(`docker save ${image} failed: ${saved.stderr}`);
  const loaded = spawnSync('docker', ['load', '-q'], { env: clientEnv, input: saved.stdout });
  if (loaded.status !== 0)
    throw new Error(`docker load into the built-in engine failed: ${loaded.stderr}`);
}

/** Every container (forced, with its anonymous volumes), custom network and volume. */
async function removeEverything(client, log) {
  const settle = (label, promises) =>
    Promise.allSettled(promises).then((outcomes) => {
      const failed = outcomes.filter((o) => o.status === 'rejected');
      if (failed.length)
        log(
          `built-in engine clean-up: ${failed.length} ${label} not removed: ${failed[0].reason?.message}`,
        );
    });
  const containers = await client.listContainers({ all: true });
  await settle(
    'container(s)',
    containers.map((c) => client.getContainer(c.Id).remove({ force: true, v: true })),
  );
  const networks = await client.listNetworks();
  const predefined = new Set(['bridge', 'host', 'none']);
  await settle(
    'network(s)',
    networks.filter((n) => !predefined.has(n.Name)).map((n) => client.getNetwork(n.Id).remove()),
  );
  const { Volumes: volumes } = await client.listVolumes();
  await settle(
    'volume(s)',
    (volumes ?? []).map((v) => client.getVolume(v.Name).remove({ force: true })),
  );
}

function mountsUnder(dir) {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((point) => point && (point === dir || point.startsWith(`${dir}/`)));
}

function fsType(dir) {
  return firstLine('findmnt', ['-n', '-o', 'FSTYPE', '--target', dir]) || 'unknown';
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
