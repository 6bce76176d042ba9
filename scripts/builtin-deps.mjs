#!/usr/bin/env node
// The Debian tools the built-in engine (and its integration tests) run as child processes.
//
//   node scripts/builtin-deps.mjs ensure   install what is missing with apt-get (needs root)
//   node scripts/builtin-deps.mjs status   say what is present and where; exit 1 if something is missing
//
// Nothing is installed when everything is present, so `ensure` is cheap to run before every
// test run. When something is missing, `apt-get update` runs once, then one `apt-get install`.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** command → the Debian package that provides it, and what the engine uses it for. */
export const tools = [
  { command: 'runc', pkg: 'runc', why: 'the OCI runtime that runs containers' },
  { command: 'conmon', pkg: 'conmon', why: 'the per-container monitor (logs, exit codes)' },
  { command: 'ip', pkg: 'iproute2', why: 'bridges, veth pairs, network namespaces' },
  { command: 'iptables', pkg: 'iptables', why: 'the engine’s own firewall chain' },
  { command: 'setfattr', pkg: 'attr', why: 'overlay opaque directories when unpacking layers' },
  { command: 'mount', pkg: 'mount', why: 'overlay root file systems' },
  { command: 'script', pkg: 'bsdutils', why: 'a terminal for `exec -t`' },
  { command: 'stty', pkg: 'coreutils', why: 'resizing an exec terminal' },
  { command: 'socat', pkg: 'socat', why: 'stdin for attach (conmon’s SOCK_SEQPACKET socket)' },
  // Optional: the engine prefers crun where it works (less CPU per container) and runs on runc
  // without it; `ensure` installs it when apt can, and a failure is only a warning.
  {
    command: 'crun',
    pkg: 'crun',
    why: 'the faster OCI runtime, used instead of runc where it works',
    optional: true,
  },
];

/** Where tools live on Debian; root's PATH has the sbin dirs, a user's may not. */
const searchDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const log = (line) => console.log(`[builtin-deps] ${line}`);

class DepsError extends Error {}

/** The tool's path, or undefined when no executable of that name is found. */
export function locate(command) {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...searchDirs];
  for (const dir of dirs) {
    const path = `${dir}/${command}`;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

function survey() {
  return tools.map((tool) => ({ ...tool, path: locate(tool.command) }));
}

function apt(args) {
  const result = spawnSync('apt-get', ['-y', '-qq', '--no-install-recommends', ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
  });
  if (result.error) {
    throw new DepsError(`apt-get could not be run (${result.error.message}); is this Debian?`);
  }
  if (result.status !== 0) {
    throw new DepsError(
      `apt-get ${args.join(' ')} failed (exit ${result.status}):\n${(result.stderr || result.stdout).trim()}`,
    );
  }
}

async function ensure() {
  const missing = survey().filter((tool) => tool.path === undefined && !tool.optional);
  const optional = survey().filter((tool) => tool.path === undefined && tool.optional);
  if (missing.length === 0) {
    const present = survey().filter((tool) => tool.path !== undefined);
    log(`all present: ${present.map((tool) => tool.command).join(', ')}`);
    if (optional.length > 0) ensureOptional(optional, true);
    return;
  }
  const packages = [...new Set(missing.map((tool) => tool.pkg))];
  const names = missing.map((tool) => `${tool.command} (${tool.pkg})`).join(', ');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new DepsError(
      `missing ${names}; installing them needs root: run \`sudo apt-get install ${packages.join(' ')}\` or this script as root.`,
    );
  }
  log(`missing ${names}; running apt-get update`);
  apt(['update']);
  log(`installing ${packages.join(' ')} with apt-get`);
  apt(['install', ...packages]);
  const still = survey().filter((tool) => tool.path === undefined);
  if (still.length > 0) {
    throw new DepsError(
      `apt-get installed ${packages.join(' ')} but ${still.map((tool) => tool.command).join(', ')} is still not found.`,
    );
  }
  log(`installed ${packages.join(' ')}`);
  if (optional.length > 0) ensureOptional(optional, false);
}

/** Installs optional tools where apt can; never fails the run (the engine works without them). */
function ensureOptional(optional, needsUpdate) {
  const names = optional.map((tool) => `${tool.command} (${tool.pkg})`).join(', ');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    log(`optional ${names} missing; not root, so not installed`);
    return;
  }
  try {
    if (needsUpdate) apt(['update']);
    apt(['install', ...new Set(optional.map((tool) => tool.pkg))]);
    log(`installed optional ${names}`);
  } catch (error) {
    log(`optional ${names} not installed: ${error instanceof Error ? error.message : error}`);
  }
}

async function status() {
  const found = survey();
  const width = Math.max(...found.map((tool) => tool.command.length));
  for (const tool of found) {
    const where =
      tool.path ?? `missing (apt-get install ${tool.pkg})${tool.optional ? ', optional' : ''}`;
    console.log(`${tool.command.padEnd(width)}  ${where}  — ${tool.why}`);
  }
  process.exitCode = found.every((tool) => tool.path !== undefined || tool.optional) ? 0 : 1;
}

const commands = { ensure, status };
const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const command = commands[process.argv[2] ?? ''];
  if (!command) {
    console.error('usage: node scripts/builtin-deps.mjs ensure|status');
    process.exit(2);
  }
  command().catch((error) => {
    console.error(
      `[builtin-deps] ${error instanceof DepsError ? error.message : (error?.stack ?? error)}`,
    );
    process.exit(1);
  });
}
