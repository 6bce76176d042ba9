#!/usr/bin/env node
// Issues 7 and 8's benchmark: every scenario for tscompose, docker-compose 1.29, podman-compose
// (where Podman runs here) and the engine's floor (bench/floor.mjs), side by side in one run, on
// the Docker Engine and on tscompose's built-in engine (a private daemon this harness starts).
//   node bench/run.mjs [--runs N] [--scenario a,b] [--stacks s10,s50] [--tools a,b]
//                      [--out FILE | --no-write] [--floor-concurrency N|adaptive] [--no-install]
//                      [--builtin-wait SECONDS]
// See bench/README.md for the scenarios and how to read the table.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { writeStacks } from './generate.mjs';
import { startBuiltinEngine } from './lib/builtin-engine.mjs';
import { machineFacts, sweep } from './lib/engine.mjs';
import { measure } from './lib/measure.mjs';
import { renderSection, summarise, writeResults } from './lib/report.mjs';
import { RSS_SCENARIO, SCENARIOS, plan } from './lib/scenarios.mjs';
import { tools as allTools } from './lib/tools.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const argValue = (name) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const list = (name) => argValue(name)?.split(',').filter(Boolean);
const log = (message) => console.error(`bench: ${message}`);

const runs = Number(argValue('--runs') ?? 5);
const scenarioIds = list('--scenario') ?? [...SCENARIOS.map((s) => s.id), RSS_SCENARIO];
const stacks = list('--stacks');
const floorConcurrency = argValue('--floor-concurrency') ?? 'adaptive';
const out = process.argv.includes('--no-write')
  ? undefined
  : resolve(argValue('--out') ?? join(root, 'bench', 'RESULTS.md'));

if (!existsSync(join(root, 'dist', 'index.js'))) {
  log('run `npm run build` first (the bench runs bin/tscompose.js)');
  process.exit(1);
}
const known = new Set([...SCENARIOS.map((s) => s.id), RSS_SCENARIO]);
for (const id of scenarioIds) {
  if (!known.has(id.split(':')[0])) {
    log(`unknown scenario ${id}; known: ${[...known].join(', ')}`);
    process.exit(2);
  }
}

// Tools: the requested ones (default all); peers missing here are installed with apt unless
// --no-install; a tool that still cannot run is reported as such, not fatal.
const catalogue = allTools(root);
const toolIds = list('--tools') ?? Object.keys(catalogue);
const unavailable = {};
const selected = [];
for (const id of toolIds) {
  const tool = catalogue[id];
  if (!tool) {
    log(`unknown tool ${id}; known: ${Object.keys(catalogue).join(', ')}`);
    process.exit(2);
  }
  let problem = tool.available();
  if (problem && tool.install && !process.argv.includes('--no-install')) {
    log(`${id}: ${problem}; installing with apt`);
    tool.install();
    problem = tool.available();
  }
  if (problem) {
    unavailable[id] = problem;
    log(`${id} not measured: ${problem}`);
  } else selected.push(tool);
}

// Ctrl-C or SIGTERM: the step under way finishes (a terminal's Ctrl-C stops it too), nothing
// more runs, and the clean-up below still happens.
let interrupted;
const onSignal = (signal) => {
  if (interrupted) return log(`${signal} again: still cleaning up, please wait`);
  interrupted = signal;
  log(`${signal}: stopping after the current step, then cleaning up`);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// The built-in engine's tools share one private daemon, started only when one of them runs and
// destroyed (containers, networks, volumes, bridge, state) however the run ends.
let builtin;
if (selected.some((tool) => tool.engine === 'builtin')) {
  const waitMs = Number(argValue('--builtin-wait') ?? 900) * 1000;
  try {
    builtin = await startBuiltinEngine({ root, log, waitMs, cancelled: () => interrupted });
    log(`built-in engine started (pid ${builtin.pid()}), busybox loaded`);
  } catch (error) {
    for (const tool of selected.filter((t) => t.engine === 'builtin')) {
      unavailable[tool.id] = `the built-in engine did not start: ${error.message.split('\n')[0]}`;
      log(`${tool.id} not measured: ${error.message}`);
    }
    selected.splice(0, selected.length, ...selected.filter((t) => t.engine !== 'builtin'));
  }
}
const versions = Object.fromEntries(selected.map((tool) => [tool.id, tool.version()]));
const files = writeStacks(join(root, 'bench', 'out'));
const chains = plan(scenarioIds, stacks);
const results = {};
const loadBefore = os
  .loadavg()
  .map((n) => n.toFixed(2))
  .join(' ');

const record = (scenario, stack, tool) => {
  results[scenario.id] ??= {};
  results[scenario.id][stack] ??= {};
  return (results[scenario.id][stack][tool.id] ??= {
    ms: [],
    rss: [],
    errors: [],
    note: tool.notes?.[scenario.id],
  });
};

async function runChain(chain, tool, run) {
  const project = `bench-${chain.stack}-${tool.short}`;
  const file = files[chain.stack];
  const ctx = { file, project, stack: chain.stack, dir: dirname(file ?? root), floorConcurrency };
  const engineBound = chain.kind !== 'none';
  if (engineBound) await sweep(project, tool.engine, tool.env);
  let env = {};
  for (const step of chain.steps) {
    env = { ...env, ...step.env };
    const command = tool.command(step.step, ctx);
    if (!command) break;
    const result = await measure(command, { cwd: ctx.dir, env: { ...tool.env, ...env } });
    ctx.deployed = true;
    const cell = step.recorded ? record(step, chain.stack, tool) : undefined;
    const label = `run ${run + 1}/${runs} ${tool.id} ${step.id} ${chain.stack}`;
    if (result.status !== 0) {
      log(
        `${label}: exit ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
      cell?.errors.push(result.stderr);
      break;
    }
    log(`${label}: ${(result.ms / 1000).toFixed(3)} s, ${Math.round(result.rssKiB / 1024)} MiB`);
    cell?.ms.push(result.ms);
    if (result.rssKiB) cell?.rss.push(result.rssKiB);
  }
  if (!engineBound) return;
  const down = tool.command('down-v', ctx);
  if (down) await measure(down, { cwd: ctx.dir, env: { ...tool.env, ...env } });
  const left = await sweep(project, tool.engine, tool.env);
  if (left > 0) log(`${tool.id} left ${left} container(s) of ${project} after down -v`);
}

try {
  for (let run = 0; run < runs && !interrupted; run++)
    for (const chain of chains) {
      // Rotate the order every run so a slow moment of the machine does not always hit one tool.
      const order = selected.map((_, i) => selected[(i + run) % selected.length]);
      for (const tool of order) if (!interrupted) await runChain(chain, tool, run);
    }
  if (!interrupted) report(await machineFacts({ builtin: await builtin?.facts() }));
} finally {
  if (builtin) {
    log('stopping the built-in engine and removing what it ran');
    await builtin.destroy();
  }
}
if (interrupted) process.exit(130);

function report(facts) {
  const section = renderSection({
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    facts,
    versions,
    engines: Object.fromEntries(selected.map((tool) => [tool.id, tool.engine])),
    command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    runs,
    rows: summarise(
      results,
      selected.map((t) => t.id),
    ),
    toolIds: selected.map((t) => t.id),
    unavailable,
    loadavg: {
      before: loadBefore,
      after: os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' '),
    },
  });
  console.log(section);
  if (out) {
    writeResults(out, section);
    log(`results written to ${out}`);
  }
}
