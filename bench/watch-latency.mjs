#!/usr/bin/env node
// Watch mode latency: from a file written on the host to its new content being
// readable inside the container (read through the engine's archive API, polled
// without pause), for a `sync` rule and a `sync+restart` rule (there the
// container must also have restarted). Median and p95 over N edits each.
//   npm run build && node bench/watch-latency.mjs [--edits 50] [--restart-edits 50] [--quiet-period 15]
//        [--observe merged|archive] [--json]
// `--observe merged` (the default when readable, i.e. as root on overlay2) reads the file in the
// container's merged root file system from the host: what the container sees, observed without
// an engine call, so the observation neither waits ~70 ms per look nor loads the engine the sync
// is using. `archive` reads it through GET /containers/{id}/archive instead.
// Uses the built library (dist/), the shared engine and busybox:latest; the
// project is named bench-watch-<pid> and removed at the end.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { extract } from 'tar-stream';
import { Compose } from '../dist/index.js';

const argValue = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const edits = Number(argValue('--edits', '50'));
const restartEdits = Number(argValue('--restart-edits', '50'));
const quietPeriodMs = Number(argValue('--quiet-period', '15'));
const asJson = process.argv.includes('--json');
const observe = argValue('--observe', 'merged');

const sleeper = `["sh", "-c", "trap 'exit 0' TERM; sleep 86400 & wait"]`;
const name = `bench-watch-${process.pid}`;
const dir = join(mkdtempSync(join(tmpdir(), 'bench-watch-')), 'proj');
mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'srv'), { recursive: true });
writeFileSync(
  join(dir, 'compose.yaml'),
  `name: ${name}
services:
  web:
    image: busybox:latest
    command: ${sleeper}
    develop:
      watch:
        - { path: ./src, target: /app, action: sync }
  api:
    image: busybox:latest
    command: ${sleeper}
    develop:
      watch:
        - { path: ./srv, target: /srv, action: sync+restart }
`,
);

/** The content of one file in a container, through GET /containers/{id}/archive; undefined when absent. */
async function readInContainer(engine, id, path) {
  let stream;
  try {
    stream = await engine.getArchive(id, path);
  } catch {
    return undefined;
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    const ex = extract();
    ex.on('entry', (_header, body, next) => {
      body.on('data', (c) => chunks.push(c));
      body.on('end', next);
    });
    ex.on('finish', () => resolve(Buffer.concat(chunks).toString('utf8')));
    ex.on('error', reject);
    stream.pipe(ex);
  });
}

/** A reader of one container path: from the merged root on the host when possible, else the archive API. */
async function containerReader(engine, id) {
  const merged = (await engine.inspectContainer(id)).GraphDriver?.Data?.MergedDir;
  if (observe === 'merged' && merged) {
    try {
      readFileSync(join(merged, 'etc/passwd'));
      return {
        how: 'merged root file system',
        read: async (path) => {
          try {
            return readFileSync(join(merged, path), 'utf8');
          } catch {
            return undefined;
          }
        },
      };
    } catch {
      // Not readable (not root, another driver): fall back to the archive API.
    }
  }
  return { how: 'archive API', read: (path) => readInContainer(engine, id, path) };
}

const startedAt = async (engine, id) => (await engine.inspectContainer(id)).State.StartedAt;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    n: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

const round = (ms) => Math.round(ms);
const sleep = (ms) => delay(ms);

const compose = await Compose.load({ cwd: dir });
const engine = compose.engine;
const watchDurations = { synced: [], restarted: [] };
try {
  await compose.up({});
  const handle = await compose.watch({
    quietPeriodMs,
    onEvent: (event) => {
      if (event.type === 'synced') watchDurations.synced.push(event.durationMs);
      if (event.type === 'restarted') watchDurations.restarted.push(event.durationMs);
      if (event.type === 'error') console.error(`watch error: ${event.message}`);
    },
  });
  const containerOf = async (service) =>
    (await engine.listContainers({ project: name, all: false })).find(
      (c) => c.labels['com.docker.compose.service'] === service,
    ).id;
  const web = await containerReader(engine, await containerOf('web'));
  const api = await containerOf('api');

  const sync = [];
  for (let i = 0; i < edits; i++) {
    const content = `edit ${i} ${Math.random()}`;
    const t0 = performance.now();
    writeFileSync(join(dir, 'src/file.txt'), content);
    while ((await web.read('/app/file.txt')) !== content) await sleep(1);
    sync.push(performance.now() - t0);
    // Apart enough that each edit is its own batch, as saves in an editor are.
    await sleep(100);
  }

  const restart = [];
  for (let i = 0; i < restartEdits; i++) {
    const content = `edit ${i} ${Math.random()}`;
    const before = await startedAt(engine, api);
    const t0 = performance.now();
    writeFileSync(join(dir, 'srv/file.txt'), content);
    // A restart keeps the container (and its root file system); the archive API is fine here.
    while (
      (await readInContainer(engine, api, '/srv/file.txt')) !== content ||
      (await startedAt(engine, api)) === before
    )
      await sleep(1);
    restart.push(performance.now() - t0);
    await sleep(100);
  }
  await handle.stop();

  const result = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    quietPeriodMs,
    observedThrough: web.how,
    sync: stats(sync),
    syncRestart: stats(restart),
    watchReported: {
      synced: watchDurations.synced.length ? stats(watchDurations.synced) : undefined,
      restarted: watchDurations.restarted.length ? stats(watchDurations.restarted) : undefined,
    },
  };
  if (asJson) console.log(JSON.stringify(result, null, 2));
  else {
    const line = (label, s) =>
      `${label.padEnd(34)} n=${s.n}  median ${round(s.median)} ms  p95 ${round(s.p95)} ms  (min ${round(s.min)}, max ${round(s.max)})`;
    console.log(
      `watch latency, quiet period ${quietPeriodMs} ms, sync observed through the ${web.how}`,
    );
    console.log(line('write → readable (sync)', result.sync));
    console.log(line('write → readable + restarted', result.syncRestart));
    if (result.watchReported.synced)
      console.log(line('  watch-reported sync duration', result.watchReported.synced));
    if (result.watchReported.restarted)
      console.log(line('  watch-reported restart duration', result.watchReported.restarted));
  }
} finally {
  await compose.down({ volumes: true }).catch((error) => console.error(error.message));
  rmSync(join(dir, '..'), { recursive: true, force: true });
}
