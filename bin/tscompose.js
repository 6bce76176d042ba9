#!/usr/bin/env node
// The tscompose executable: starts the CLI, nothing else. Startup cost matters
// (this runs hundreds of times a day), so `--version` answers before oclif loads.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`tscompose version v${pkg.version}\n`);
} else {
  // One bundled module holds oclif and the flag helper (see scripts/bundle.mjs).
  const { execute, moveGlobalFlagsAfterCommand } = await import('../dist/bundle/run.js');
  await execute({ dir: import.meta.url, args: moveGlobalFlagsAfterCommand(argv) });
}
