#!/usr/bin/env node
// Bundles the compiled CLI (dist/) into a few ESM files under dist/bundle/, so
// that starting `tscompose` reads three or four files instead of ~400 small
// modules (module resolution and per-file compilation were a third of the time
// of a `config -q` on a small project). oclif finds the bundled commands through
// package.json's `oclif.commands` and the manifest written after this step.
// The library entry (dist/index.js) is left as tsc wrote it.
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'dist');
const out = join(dist, 'bundle');
rmSync(out, { recursive: true, force: true });

// The executable's entry: oclif's `execute` comes from the same bundle as the
// commands, so there is one copy of oclif's classes.
const runEntry = join(dist, 'cli', 'run-entry.js');
writeFileSync(
  runEntry,
  "export { execute } from '@oclif/core';\nexport { moveGlobalFlagsAfterCommand } from './global-flags.js';\n",
);

const commands = readdirSync(join(dist, 'commands'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => ({ in: join(dist, 'commands', name), out: `commands/${name.slice(0, -3)}` }));

await build({
  entryPoints: [{ in: runEntry, out: 'run' }, ...commands],
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.BUNDLE_MINIFY !== '0',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS dependencies call `require` for Node built-ins.
  banner: {
    js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  },
  // Native add-ons (dockerode → ssh2) cannot be bundled; they load from node_modules.
  // typescript: oclif requires it only to run commands from TypeScript sources.
  external: ['dockerode', 'ssh2', 'cpu-features', 'typescript'],
  logLevel: 'warning',
});
rmSync(runEntry);
