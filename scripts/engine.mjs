#!/usr/bin/env node
// Makes a Docker Engine available for tests, CI and examples.
//
//   node scripts/engine.mjs ensure   use the engine that answers, or install and start one; then the offline images
//   node scripts/engine.mjs stop     stop the dockerd that `ensure` started (and only that one)
//   node scripts/engine.mjs status   endpoint, our pid, whether it answers
//
// An engine named by DOCKER_HOST, or one already answering on the default socket, is
// used as is and never stopped by us. Otherwise Debian's docker.io is installed (apt) and
// dockerd is started detached, its log and pid kept under .tscompose-engine/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureOfflineImages } from './images.mjs';

const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const stateDir = join(projectRoot, '.tscompose-engine');
const logFile = join(stateDir, 'dockerd.log');
const pidFile = join(stateDir, 'dockerd.pid');
const driverFile = join(stateDir, 'storage-driver');
const defaultSocket = '/var/run/docker.sock';
const startTimeoutMs = 60_000;
const stopTimeoutMs = 30_000;

const log = (line) => console.log(`[engine] ${line}`);
const sleep = (ms) => delay(ms);

class EngineScriptError extends Error {}

/** GET /_ping on a unix socket; true when the engine answers OK within the timeout. */
function pingSocket(socketPath, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const req = request(
      { socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Pings whatever DOCKER_HOST names, through dockerode (which understands every scheme it allows). */
async function pingDockerHost() {
  const { default: Docker } = await import('dockerode');
  try {
    await new Docker({ timeout: 3000 }).ping();
    return true;
  } catch {
    return false;
  }
}

function readOurPid() {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Alive and still a dockerd: a recycled pid must never be signalled. */
function isOurDockerd(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'dockerd';
  } catch {
    return false;
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function runApt(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return spawnSync('apt-get', ['-y', '-qq', '--no-install-recommends', ...args], {
    env,
    encoding: 'utf8',
  });
}

/** Installs Debian packages quietly; refreshes stale package lists once if the first try fails. */
export function aptInstall(packages) {
  log(`installing ${packages.join(' ')} with apt-get`);
  // Package scripts must not start the distribution's own docker service: we start dockerd
  // ourselves so that we know its pid and log. policy-rc.d (exit 101) is Debian's switch for that.
  const policyFile = '/usr/sbin/policy-rc.d';
  const addedPolicy = !existsSync(policyFile);
  if (addedPolicy) writeFileSync(policyFile, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    let result = runApt(['install', ...packages]);
    if (result.status !== 0) {
      log('install failed; running apt-get update and retrying');
      runApt(['update']);
      result = runApt(['install', ...packages]);
    }
    if (result.status !== 0) {
      throw new EngineScriptError(
        `apt-get install ${packages.join(' ')} failed:\n${result.stderr || result.stdout}`,
      );
    }
  } finally {
    if (addedPolicy) rmSync(policyFile, { force: true });
  }
}

function tailOfLog(lines = 30) {
  if (!existsSync(logFile)) return '(no log)';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * dockerd flags, and why:
 * --host unix:///var/run/docker.sock  the default socket, so every client (docker CLI, dockerode,
 *   docker-compose) finds it without DOCKER_HOST.
 * --storage-driver  only when overlay2 failed before (vfs is slow and disk hungry, a last resort).
 * iptables: the default (nftables-backed iptables of Debian 12) works here; bridge NAT is needed
 *   for published ports and name resolution on user-defined networks, so it is not disabled.
 */
function dockerdArgs(storageDriver) {
  const args = ['--host', `unix://${defaultSocket}`];
  if (storageDriver) args.push('--storage-driver', storageDriver);
  return args;
}

function startDockerd(storageDriver) {
  mkdirSync(stateDir, { recursive: true });
  const logFd = openSync(logFile, 'a');
  const args = dockerdArgs(storageDriver);
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', logFd, logFd] });
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  log(`started dockerd ${args.join(' ')} (pid ${child.pid}, log ${logFile})`);
  return child.pid;
}

/** Polls /_ping until it answers; 'exited' if dockerd died first, 'timeout' after the deadline. */
async function waitForPing(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingSocket(defaultSocket, 1000)) return 'ready';
    if (!processAlive(pid)) return 'exited';
    await sleep(250);
  }
  return 'timeout';
}

async function startOurEngine() {
  if (!hasCommand('dockerd')) aptInstall(['docker.io']);
  const rememberedDriver = existsSync(driverFile)
    ? readFileSync(driverFile, 'utf8').trim()
    : undefined;
  const startedAt = Date.now();
  let pid = startDockerd(rememberedDriver);
  let outcome = await waitForPing(pid, startTimeoutMs);
  if (outcome === 'exited' && !rememberedDriver && /overlay/i.test(tailOfLog(60))) {
    log('dockerd could not use overlay2; retrying with --storage-driver vfs');
    writeFileSync(driverFile, 'vfs\n');
    pid = startDockerd('vfs');
    outcome = await waitForPing(pid, startTimeoutMs);
  }
  if (outcome !== 'ready') {
    const why =
      outcome === 'exited'
        ? 'dockerd exited'
        : `dockerd did not answer within ${startTimeoutMs / 1000} s`;
    throw new EngineScriptError(`${why}. Last lines of ${logFile}:\n${tailOfLog()}`);
  }
  log(
    `engine answers on unix://${defaultSocket} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
}

async function ensure() {
  const startedAt = Date.now();
  if (process.env.DOCKER_HOST) {
    if (!(await pingDockerHost())) {
      throw new EngineScriptError(
        `DOCKER_HOST=${process.env.DOCKER_HOST} does not answer. Start that engine, or unset DOCKER_HOST to let this script start one.`,
      );
    }
    log(`using the engine at DOCKER_HOST=${process.env.DOCKER_HOST}`);
  } else if (await pingSocket(defaultSocket)) {
    const pid = readOurPid();
    const ours =
      pid !== undefined && isOurDockerd(pid) ? ` (started by this script, pid ${pid})` : '';
    log(`using the engine answering on unix://${defaultSocket}${ours}`);
  } else {
    const pid = readOurPid();
    if (
      pid !== undefined &&
      isOurDockerd(pid) &&
      (await waitForPing(pid, startTimeoutMs)) === 'ready'
    ) {
      log(`our dockerd (pid ${pid}) is up`);
    } else {
      await startOurEngine();
    }
  }
  await ensureOfflineImages({ log });
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

async function stop() {
  const pid = readOurPid();
  if (pid === undefined || !isOurDockerd(pid)) {
    log('no dockerd started by this script is running; nothing to stop');
    rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping dockerd (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + stopTimeoutMs;
  while (processAlive(pid) && Date.now() < deadline) await sleep(200);
  if (processAlive(pid)) {
    log(`dockerd did not exit within ${stopTimeoutMs / 1000} s; sending SIGKILL`);
    process.kill(pid, 'SIGKILL');
    while (processAlive(pid)) await sleep(100);
  }
  rmSync(pidFile, { force: true });
  log('stopped');
}

async function status() {
  const endpoint = process.env.DOCKER_HOST
    ? `DOCKER_HOST=${process.env.DOCKER_HOST}`
    : `unix://${defaultSocket}`;
  const answers = process.env.DOCKER_HOST
    ? await pingDockerHost()
    : await pingSocket(defaultSocket);
  const pid = readOurPid();
  const ours =
    pid !== undefined && isOurDockerd(pid)
      ? `${pid} (started by this script)`
      : 'none started by this script';
  console.log(
    `endpoint: ${endpoint}\nanswers:  ${answers ? 'yes' : 'no'}\ndockerd:  ${ours}\nlog:      ${logFile}`,
  );
  process.exitCode = answers ? 0 : 1;
}

const commands = { ensure, stop, status };
const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const command = commands[process.argv[2] ?? ''];
  if (!command) {
    console.error('usage: node scripts/engine.mjs ensure|stop|status');
    process.exit(2);
  }
  command().catch((error) => {
    console.error(
      `[engine] ${error instanceof EngineScriptError ? error.message : (error?.stack ?? error)}`,
    );
    process.exit(1);
  });
}
