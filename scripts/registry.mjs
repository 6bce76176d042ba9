#!/usr/bin/env node
// A real image registry for pull/push tests: Debian's `docker-registry` package (the CNCF
// distribution registry) as a child process on 127.0.0.1, with its own temporary storage and
// config, optionally behind htpasswd (bcrypt) auth. The Docker Engine treats registries on
// 127.0.0.0/8 as insecure by default, so plain HTTP works for its pulls and pushes.
//
//   node scripts/registry.mjs ensure                      install docker-registry and htpasswd when missing
//   node scripts/registry.mjs run [--user U --password P] start one in the foreground until Ctrl-C
//
// Library use (test/support/registry.ts): `startRegistry({ auth })` → `{ host, port, pid, stop() }`.
// The packages come from apt (Debian's `docker-registry` and `apache2-utils`).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './engine.mjs';

/** apt packages this script needs, and the command each provides. */
export const registryPackages = [
  { command: 'docker-registry', aptPackage: 'docker-registry' },
  { command: 'htpasswd', aptPackage: 'apache2-utils' },
];
const startTimeoutMs = 20_000;
const stopTimeoutMs = 5_000;

class RegistryScriptError extends Error {}

const defaultLog = (line) => console.log(`[registry] ${line}`);

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Installs the packages whose commands are missing (apt-get; refreshes the lists once if needed). */
export function ensureRegistryPackages({ log = defaultLog } = {}) {
  const missing = registryPackages.filter((p) => !hasCommand(p.command)).map((p) => p.aptPackage);
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')} (apt)`);
  // aptInstall keeps package scripts from starting the distribution's own registry service.
  aptInstall(missing);
}

/** A port nobody listens on right now (the registry binds it a moment later; a clash is retried). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A bcrypt htpasswd line, as the distribution registry requires (it refuses MD5/SHA entries). */
function htpasswdLine(username, password) {
  const result = spawnSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' });
  if (result.status !== 0) {
    // htpasswd's message names the problem, never the password (it is not echoed back).
    throw new RegistryScriptError(`htpasswd failed: ${result.stderr.trim()}`);
  }
  return result.stdout.trim();
}

function configYaml({ port, storageDir, htpasswdFile }) {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    // Without a secret the registry generates one and warns on every start.
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (htpasswdFile) {
    lines.push('auth:', '  htpasswd:', '    realm: tscompose-test', `    path: ${htpasswdFile}`);
  }
  return `${lines.join('\n')}\n`;
}

/** GET /v2/ until any HTTP answer (200 without auth, 401 with it). */
function probe(port) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/v2/', method: 'GET', timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 || res.statusCode === 401);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function alive(child) {
  return child.exitCode === null && child.signalCode === null;
}

function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function stopChild(child) {
  if (!alive(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const outcome = await Promise.race([exited.then(() => 'exited'), delay(stopTimeoutMs)]);
  if (outcome !== 'exited' && alive(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function startOnce({ auth, dir, log }) {
  const port = await freePort();
  const storageDir = join(dir, 'storage');
  let htpasswdFile;
  if (auth) {
    htpasswdFile = join(dir, 'htpasswd');
    writeFileSync(htpasswdFile, `${htpasswdLine(auth.username, auth.password)}\n`, {
      mode: 0o600,
    });
  }
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, configYaml({ port, storageDir, htpasswdFile }));
  const logFile = join(dir, 'registry.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn('docker-registry', ['serve', configFile], {
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let spawnError;
  child.once('error', (error) => {
    spawnError = error;
  });
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline && alive(child) && !spawnError) {
    if (await probe(port)) {
      log(`registry on 127.0.0.1:${port} (pid ${child.pid}${auth ? ', htpasswd auth' : ''})`);
      return { child, port, logFile };
    }
    await delay(100);
  }
  if (spawnError)
    throw new RegistryScriptError(`cannot run docker-registry: ${spawnError.message}`);
  const portTaken = /address already in use/i.test(tail(logFile));
  await stopChild(child);
  if (portTaken) return undefined;
  throw new RegistryScriptError(
    `docker-registry did not answer on 127.0.0.1:${port} within ${startTimeoutMs / 1000} s. Last lines of ${logFile}:\n${tail(logFile)}`,
  );
}

/**
 * Starts a registry on 127.0.0.1 and waits until /v2/ answers. `auth: { username, password }`
 * puts it behind htpasswd. `stop()` ends it by its pid and deletes its storage.
 */
export async function startRegistry({ auth, log = defaultLog } = {}) {
  ensureRegistryPackages({ log });
  const dir = mkdtempSync(join(tmpdir(), 'tscompose-registry-'));
  try {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const started = await startOnce({ auth, dir, log });
      if (!started) continue;
      const { child, port, logFile } = started;
      // Should the caller die without calling stop(), the registry must not outlive it.
      const onExit = () => {
        if (alive(child)) child.kill('SIGKILL');
      };
      process.once('exit', onExit);
      return {
        host: `127.0.0.1:${port}`,
        port,
        pid: child.pid,
        logFile,
        async stop() {
          process.off('exit', onExit);
          await stopChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    throw new RegistryScriptError('docker-registry found no free port after 3 attempts');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function argValue(args, name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function runForeground(args) {
  const username = argValue(args, '--user');
  const password = argValue(args, '--password');
  const auth = username && password ? { username, password } : undefined;
  const registry = await startRegistry({ auth });
  defaultLog('Ctrl-C stops it and deletes its storage');
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await registry.stop();
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [command, ...rest] = process.argv.slice(2);
  const commands = {
    ensure: async () => ensureRegistryPackages(),
    run: () => runForeground(rest),
  };
  const selected = commands[command ?? ''];
  if (!selected) {
    console.error('usage: node scripts/registry.mjs ensure | run [--user U --password P]');
    process.exit(2);
  }
  selected().catch((error) => {
    console.error(
      `[registry] ${error instanceof RegistryScriptError ? error.message : (error?.stack ?? error)}`,
    );
    process.exit(1);
  });
}
