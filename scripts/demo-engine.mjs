#!/usr/bin/env node
// The engine for `npm run demo` (run after the build). A Docker Engine when
// there is one (DOCKER_HOST, its socket, or Docker installed: then
// scripts/engine.mjs starts it as it does for the tests); otherwise, or with
// TSCOMPOSE_ENGINE=builtin, tscompose's built-in engine: the tools it drives
// are installed with apt (scripts/builtin-deps.mjs), the daemon is started
// in the background (`tscompose engine start`), and the offline busybox image
// is imported into it. `tscompose up` then finds the same engine by itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function run(args, env = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function dockerIsHere() {
  if (process.env.TSCOMPOSE_ENGINE === 'builtin') return false;
  if (process.env.TSCOMPOSE_ENGINE === 'docker' || process.env.DOCKER_HOST) return true;
  if (existsSync('/var/run/docker.sock')) return true;
  return spawnSync('sh', ['-c', 'command -v dockerd'], { stdio: 'ignore' }).status === 0;
}

if (dockerIsHere()) {
  run([join('scripts', 'engine.mjs'), 'ensure']);
} else {
  const { enginePaths } = await import(join(root, 'dist', 'builtin-engine', 'host', 'paths.js'));
  console.log(
    process.env.TSCOMPOSE_ENGINE === 'builtin'
      ? '[demo] TSCOMPOSE_ENGINE=builtin: using the built-in engine'
      : '[demo] no Docker here: using the built-in engine',
  );
  run([join('scripts', 'builtin-deps.mjs'), 'ensure']);
  run([join('bin', 'tscompose.js'), 'engine', 'start']);
  run([join('scripts', 'images.mjs')], {
    ...process.env,
    DOCKER_HOST: `unix://${enginePaths().socket}`,
  });
}
