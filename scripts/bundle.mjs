#!/usr/bin/env node
// Bundles the compiled CLI (dist/) into a few ESM files under dist/bundle/, so
// that starting `tscompose` reads three or four files instead of ~400 small
// modules (module resolution and per-file compilation were a third of the time
// of a `config -q` on a small project). oclif finds the bundled commands through
// package.json's `oclif.commands` and the manifest written after this step.
// The library entry (dist/index.js) is left as tsc wrote it.
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

// Commands, topics included (`commands/engine/start.js` is `engine start`).
const commands = readdirSync(join(dist, 'commands'), { recursive: true })
  .filter((name) => name.endsWith('.js'))
  .map((name) => ({ in: join(dist, 'commands', name), out: `commands/${name.slice(0, -3)}` }));

// dockerode loads its BuildKit session (gRPC + protobufjs, ~0.9 MB of code; its
// progress decoder, buildkit.js, needs protobufjs too) and
// docker-modem its ssh transport (ssh2) when they are required, ~0.2 s on these
// machines before any command runs; `ps` needs neither. Each is swapped for a
// stub that requires the real module from node_modules (not bundled, so not
// even parsed) on its first call: only a BuildKit build or an ssh:// engine
// pays for it. The lookup starts from dockerode's directory, where npm puts
// docker-modem whether or not it is hoisted.
const LAZY = [
  {
    importer: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]/,
    path: './buildkit',
    real: 'dockerode/lib/buildkit.js',
    exports: 'object',
  },
  {
    importer: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]/,
    path: './session',
    real: 'dockerode/lib/session.js',
  },
  {
    importer: /[\\/]node_modules[\\/]docker-modem[\\/]lib[\\/]/,
    path: './ssh',
    real: 'docker-modem/lib/ssh.js',
  },
];
const lazyModules = {
  name: 'lazy-modules',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/(session|ssh|buildkit)$/ }, (args) => {
      const lazy = LAZY.find((m) => m.path === args.path && m.importer.test(args.importer));
      return lazy ? { path: lazy.real, namespace: 'lazy' } : undefined;
    });
    builder.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const lazy = LAZY.find((m) => m.real === args.path);
      const load = [
        "const from = require('node:path').dirname(require.resolve('dockerode/package.json'));",
        `real ??= require(require.resolve(${JSON.stringify(args.path)}, { paths: [from] }));`,
      ];
      // A module of functions (buildkit) becomes an object whose members load it.
      const body =
        lazy?.exports === 'object'
          ? [
              'module.exports = new Proxy({}, { get(_, key) {',
              ...load,
              '  return real[key];',
              '} });',
            ]
          : [
              'module.exports = function () {',
              ...load,
              '  return real.apply(this, arguments);',
              '};',
            ];
      return { contents: ['let real;', ...body].join('\n'), loader: 'js' };
    });
  },
};

// Options shared by the oclif bundle and the fast-path bundle.
const common = {
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
  external: ['ssh2', 'cpu-features', 'typescript', 'dockerode/package.json'],
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [{ in: runEntry, out: 'run' }, ...commands],
  outdir: out,
  plugins: [lazyModules],
});
rmSync(runEntry);

// The fast start path (src/cli/fast/): the same commands with `@oclif/core`
// swapped for oclif-lite, so a plain `ps` or `up` never loads oclif. bin/
// tries it first; it hands anything it does not parse with certainty to oclif.
// One CommonJS file, not ES modules: bin/ compiles it as a vm.Script with V8's
// code cache (Node 20 has no compile cache for ES modules), which removes most
// of the parse and compile time of the loader, the schema validator and yaml.
const fastDir = join(dist, 'cli', 'fast');
const fastEntry = join(fastDir, 'fast-entry.js');
// Top-level commands only: a topic's commands (`engine …`) always go to oclif.
const loaders = commands
  .filter(({ out: name }) => !name.slice('commands/'.length).includes('/'))
  .map(({ in: file }) => {
    const id = file.slice(join(dist, 'commands').length + 1, -3);
    return `  ${JSON.stringify(id)}: () => import('../../commands/${id}.js'),`;
  })
  .join('\n');
writeFileSync(
  fastEntry,
  `import { runFast } from './run-fast.js';\nconst commands = {\n${loaders}\n};\nexport const run = (argv, version) => runFast(argv, commands, version);\n`,
);
const oclifLite = {
  name: 'oclif-lite',
  setup(builder) {
    builder.onResolve({ filter: /^@oclif\/core$/ }, () => ({
      path: join(fastDir, 'oclif-lite.js'),
    }));
  },
};
await build({
  ...common,
  splitting: false,
  format: 'cjs',
  banner: {},
  entryPoints: [fastEntry],
  outfile: join(out, 'fast.cjs'),
  outdir: undefined,
  plugins: [lazyModules, oclifLite],
});
rmSync(fastEntry);

// The flag helper for bin/ (CommonJS, see bin/tscompose.js): the launcher picks
// the code cache by command before it loads anything else.
await build({
  ...common,
  splitting: false,
  format: 'cjs',
  banner: {},
  entryPoints: [join(dist, 'cli', 'global-flags.js')],
  outfile: join(out, 'global-flags.cjs'),
  outdir: undefined,
});

// An ASCII-only bundle is read into a one-byte string, half the size of the
// two-byte one a single non-ASCII character makes (the whole 1 MB is read and
// hashed on every command). esbuild escapes strings but leaves regular
// expression literals as written: write such characters as `\u` escapes.
// (Comments, kept when BUNDLE_MINIFY=0 for profiling, may be anything.)
const fastSource = common.minify ? readFileSync(join(out, 'fast.cjs'), 'utf8') : '';
const nonAscii = /[^\u0000-\u007f]/.exec(fastSource); // eslint-disable-line no-control-regex -- the whole ASCII range
if (nonAscii) {
  const context = fastSource.slice(Math.max(0, nonAscii.index - 60), nonAscii.index + 20);
  throw new Error(`dist/bundle/fast.cjs is not ASCII-only near: ${context}`);
}
