#!/usr/bin/env node
// Bundles the compiled CLI (dist/) into a few ESM files under dist/bundle/, so
// that starting `tscompose` reads three or four files instead of ~400 small
// modules (module resolution and per-file compilation were a third of the time
// of a `config -q` on a small project). oclif finds the bundled commands through
// package.json's `oclif.commands` and the manifest written after this step.
// The library entry (dist/index.js) is left as tsc wrote it.
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

// dockerode loads its BuildKit session (gRPC + protobufjs) and docker-modem its
// ssh transport (ssh2) when they are required, ~0.2 s on these machines before
// any command runs; `ps` needs neither. These modules are swapped for a stub
// that requires the real one on its first call, so the cost is paid only by a
// BuildKit build or an ssh:// engine.
const LAZY = [
  { importer: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]/, path: './session' },
  { importer: /[\\/]node_modules[\\/]docker-modem[\\/]lib[\\/]/, path: './ssh' },
];
const lazyModules = {
  name: 'lazy-modules',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/(session|ssh)$/ }, (args) => {
      const lazy = LAZY.some((m) => m.path === args.path && m.importer.test(args.importer));
      if (!lazy) return undefined;
      return { path: join(dirname(args.importer), `${args.path}.js`), namespace: 'lazy' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: `module.exports = function () { return require(${JSON.stringify(args.path)}).apply(this, arguments); };`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

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
  // Native add-ons (docker-modem → ssh2 → cpu-features) cannot be bundled; they
  // load from node_modules, and only for ssh:// engines (see LAZY).
  // typescript: oclif requires it only to run commands from TypeScript sources.
  external: ['ssh2', 'cpu-features', 'typescript'],
  plugins: [lazyModules],
  logLevel: 'warning',
});
rmSync(runEntry);
