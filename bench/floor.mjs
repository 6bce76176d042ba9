#!/usr/bin/env node
// The engine's floor: the Engine API calls a perfect tool would make, timed as a process like
// any other tool (Node start and loading dockerode included, parsing YAML not: the stack comes
// from generate.mjs's model).
//   node bench/floor.mjs <up|up-wait|down|down-v|ps|converge> --stack s50 --project bench-s50-floor
//        --dir <directory of the stack's compose.yaml> [--concurrency N|adaptive] [--verbose]
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { STACKS } from './generate.mjs';
import { Limiter } from './floor/limiter.mjs';
import { converge, down, ps, up } from './floor/ops.mjs';

const commands = {
  up: (ctx) => up(ctx),
  'up-wait': (ctx) => up(ctx, { wait: true }),
  down: (ctx) => down(ctx),
  'down-v': (ctx) => down(ctx, { volumes: true }),
  ps: (ctx) => ps(ctx),
  converge: (ctx) => converge(ctx),
};

const argValue = (name) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};

const [command] = process.argv.slice(2);
const stack = STACKS[argValue('--stack')];
const project = argValue('--project');
const dir = argValue('--dir');
if (!commands[command] || !stack || !project?.startsWith('bench-') || !dir) {
  console.error(
    `usage: floor.mjs <${Object.keys(commands).join('|')}> --stack <${Object.keys(STACKS).join('|')}> --project bench-... --dir DIR`,
  );
  process.exit(2);
}
const concurrency = argValue('--concurrency') ?? 'adaptive';
const limiter = new Limiter(
  concurrency === 'adaptive' ? {} : { fixed: Math.max(1, Number(concurrency) || Infinity) },
);
const ctx = { docker: new Docker(), project, stack, dir, env: process.env, limiter };
try {
  const began = performance.now();
  const summary = await commands[command](ctx);
  if (command === 'ps') console.log(summary);
  else if (process.argv.includes('--verbose'))
    console.error(
      `floor ${command} ${stack.name}: ${summary} in ${Math.round(performance.now() - began)} ms, limits ${limiter.trace.join(' ')}`,
    );
} catch (error) {
  console.error(`floor ${command}: ${error.message}`);
  process.exit(1);
}
