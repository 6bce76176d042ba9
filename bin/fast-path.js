// Loads and runs the fast start path (dist/bundle/fast.cjs, see
// src/cli/fast/) with V8's code cache: Node 20 has no compile cache for ES
// modules, so the bundle is one CommonJS file compiled as a vm.Script, and the
// bytecode V8 produced while running a command is kept for that command's next
// run. A cache V8 rejects (another Node, a rebuilt bundle) is only slower: the
// script is compiled from source and the cache rewritten.
//
// The cache lives in the user's cache directory (never a shared temp dir:
// bytecode from there would run as this user), one file per command, keyed by
// the bundle's identity and the Node version.
//
// CommonJS like bin/tscompose.js; the flag helper comes from the CommonJS copy
// that scripts/bundle.mjs writes next to the bundle.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');
const { moveGlobalFlagsAfterCommand } = require('../dist/bundle/global-flags.cjs');

const bundle = join(__dirname, '..', 'dist', 'bundle', 'fast.cjs');

function cacheFile(commandId) {
  if (process.env.TSCOMPOSE_CODE_CACHE === '0') return undefined;
  const stats = statSync(bundle);
  const key = createHash('sha256')
    .update([bundle, stats.size, stats.mtimeMs, process.version, process.arch].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const safeId = /^[a-z][a-z0-9-]*$/.test(commandId ?? '') ? commandId : 'other';
  return join(base, 'tscompose', 'code-cache', `${key}-${safeId}.bin`);
}

function readCache(file) {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(file, script) {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // No cache is only slower.
  }
}

/** Runs `argv` through the fast path; false when oclif must handle it. */
async function runFastPath(argv, version) {
  // A cache per command keeps the functions each one compiled.
  const commandId = moveGlobalFlagsAfterCommand(argv)[0];
  const file = cacheFile(commandId);
  const cachedData = readCache(file);
  const source = readFileSync(bundle, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (file !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    // After the command, so the cache holds the functions it compiled.
    process.once('exit', () => writeCache(file, script));
  }
  const fast = { exports: {} };
  script
    .runInThisContext()
    .call(fast.exports, fast.exports, Module.createRequire(bundle), fast, bundle, dirname(bundle));
  return fast.exports.run(argv, version);
}

module.exports = { runFastPath };
