#!/usr/bin/env node
// The tscompose executable: starts the CLI, nothing else. Startup cost matters
// (this runs hundreds of times a day), so `--version` answers before anything
// loads, and commands first try the fast path (bin/fast-path.js,
// src/cli/fast/), which runs them without loading oclif; whatever it does not
// parse with certainty (help, errors, rarer syntax) goes to oclif.
//
// CommonJS (bin/package.json), not an ES module: Node sets up its ES module
// loader for an ES module entry, about 7 ms before any of our code runs.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const version = () =>
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;

async function main(argv) {
  const { runFastPath } = require('./fast-path.js');
  if (process.env.TSCOMPOSE_FAST_PATH === '0' || !(await runFastPath(argv, version))) {
    // One bundled module holds oclif and the flag helper (see scripts/bundle.mjs).
    const { execute, moveGlobalFlagsAfterCommand } = await import('../dist/bundle/run.js');
    // The package's root (bin/ has a package.json of its own, for the module type).
    await execute({ dir: join(__dirname, '..'), args: moveGlobalFlagsAfterCommand(argv) });
  }
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`tscompose version v${version()}\n`);
} else {
  // A rejection is reported as an uncaught error, as a top-level await would be.
  main(argv).catch((error) => {
    process.nextTick(() => {
      throw error;
    });
  });
}
