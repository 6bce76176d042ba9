#!/usr/bin/env node
// The tscompose executable: starts the CLI, nothing else. Startup cost matters
// (this runs hundreds of times a day), so `--version` answers before anything
// loads, and commands first try the fast path (bin/fast-path.js,
// src/cli/fast/), which runs them without loading oclif; whatever it does not
// parse with certainty (help, errors, rarer syntax) goes to oclif.
import { readFileSync } from 'node:fs';

const version = () =>
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`tscompose version v${version()}\n`);
} else {
  const { runFastPath } = await import('./fast-path.js');
  if (process.env.TSCOMPOSE_FAST_PATH === '0' || !(await runFastPath(argv, version))) {
    // One bundled module holds oclif and the flag helper (see scripts/bundle.mjs).
    const { execute, moveGlobalFlagsAfterCommand } = await import('../dist/bundle/run.js');
    await execute({ dir: import.meta.url, args: moveGlobalFlagsAfterCommand(argv) });
  }
}
