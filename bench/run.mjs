#!/usr/bin/env node
// Side-by-side timings of CLI start and of `config -q` on a 1000-service file:
// tscompose against `node -e 0` (the floor of any Node CLI) and, when installed,
// Debian's docker-compose 1.29. Runs alternate between tools (A/B/A/B...) so a
// slow moment of the machine hits all of them alike.
//   node bench/run.mjs [--runs N] [--install-peers]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeStacks } from './generate.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const out = join(root, 'bench', 'out');
const runs = Number(argValue('--runs') ?? 15);
const tscompose = join(root, 'bin', 'tscompose.js');
const bigFile = join(out, 'big', 'compose.yaml');

if (!existsSync(join(root, 'dist', 'index.js'))) fail('run `npm run build` first');
if (process.argv.includes('--install-peers') && !hasCommand('docker-compose')) {
  run('apt-get', ['install', '-y', '-qq', 'docker-compose']);
}
writeStacks(out);

const scenarios = [
  {
    name: 'CLI start (--version)',
    commands: {
      'node -e 0': ['node', ['-e', '0']],
      'tscompose --version': ['node', [tscompose, '--version']],
      ...(hasCommand('docker-compose')
        ? { 'docker-compose version': ['docker-compose', ['version', '--short']] }
        : {}),
    },
  },
  {
    name: 'config -q, 1000 services',
    commands: {
      'tscompose config -q': ['node', [tscompose, '-f', bigFile, 'config', '-q']],
      ...(hasCommand('docker-compose')
        ? { 'docker-compose config -q': ['docker-compose', ['-f', bigFile, 'config', '-q']] }
        : {}),
    },
  },
];

const report = [];
for (const scenario of scenarios) {
  const samples = Object.fromEntries(Object.keys(scenario.commands).map((label) => [label, []]));
  for (let i = 0; i < runs; i++) {
    for (const [label, [command, args]] of Object.entries(scenario.commands))
      samples[label].push(time(command, args));
  }
  report.push({
    scenario: scenario.name,
    results: Object.entries(samples).map(([label, ms]) => ({ label, ...stats(ms) })),
  });
}
printMarkdown(report);

function time(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    fail(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

function stats(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

function printMarkdown(rows) {
  const f = (ms) => `${(ms / 1000).toFixed(3)} s`;
  console.log(`Runs per command: ${runs}, alternating. Node ${process.version}.\n`);
  for (const { scenario, results } of rows) {
    const base = results[0].median;
    console.log(
      `### ${scenario}\n\n| command | median | min–max | ratio to first row |\n| --- | --- | --- | --- |`,
    );
    for (const r of results)
      console.log(
        `| \`${r.label}\` | ${f(r.median)} | ${f(r.min)}–${f(r.max)} | ${(r.median / base).toFixed(2)}x |`,
      );
    console.log('');
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} failed`);
}
function argValue(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}
