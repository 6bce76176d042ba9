#!/usr/bin/env node
// Cold start of N containers with the built-in engine's runtime driver alone (no daemon, no
// network): per container an overlay snapshot (create + mount) and driver.start (conmon → the
// runtime's create, then start), K in flight, once per runtime, runs interleaved. Needs root and
// the offline busybox image (`docker save busybox:latest`).
//
//   node --import tsx bench/builtin/runtime-start.mjs [--n 50] [--conc 4,8] [--runs 3]
//        [--runtimes runc,crun]
//
// CPU: the bench process is put in its own cpuacct cgroup, which conmon and the runtime
// processes it starts inherit (containers go to a sibling cgroup), so "driver CPU" is the CPU
// of everything the driver ran; "host CPU" is all CPUs' busy time from /proc/stat over the
// batch (includes the containers' own start and anything else on the machine); "of it Node"
// is this process's own share of the driver CPU (the rest: conmon, the runtime, mount, ...).
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadImageArchive } from '../../src/builtin-engine/load/index.ts';
import { OciDriver } from '../../src/builtin-engine/runtime/index.ts';
import {
  createSnapshot,
  layerDirs,
  mountSnapshot,
  removeSnapshot,
} from '../../src/builtin-engine/snapshots/index.ts';
import { ImageStore } from '../../src/builtin-engine/store/index.ts';

const arg = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const N = Number(arg('--n', '50'));
const CONCURRENCY = arg('--conc', '4,8').split(',').map(Number);
const RUNS = Number(arg('--runs', '3'));
const RUNTIMES = arg('--runtimes', 'runc,crun').split(',');

const tag = `tscompose-bench-${process.pid}`;
const CPUACCT = '/sys/fs/cgroup/cpuacct';
const benchCgroup = join(CPUACCT, tag, 'driver');
const stateRoot = `/run/${tag}`;
const cgroupParent = `/${tag}/containers`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Busy jiffies of all CPUs (user nice system irq softirq steal), in ms. */
async function hostBusyMs() {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ = 100
}

const driverCpuMs = async () =>
  Number(await readFile(join(benchCgroup, 'cpuacct.usage'), 'utf8')) / 1e6;

async function inParallel(items, limit, work) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(workers);
}

const dir = await mkdtemp(join(tmpdir(), `${tag}-`));
const engineRoot = join(dir, 'engine');
await mkdir(benchCgroup, { recursive: true });
await writeFile(join(benchCgroup, 'cgroup.procs'), String(process.pid));
try {
  const archive = join(dir, 'busybox.tar');
  execFileSync('docker', ['save', 'busybox:latest', '-o', archive]);
  const store = await ImageStore.open(join(dir, 'store'));
  await loadImageArchive(store, createReadStream(archive));
  const lowers = await layerDirs(store, 'busybox:latest', engineRoot);
  const drivers = Object.fromEntries(
    RUNTIMES.map((runtime) => [runtime, new OciDriver({ runtime, stateRoot, cgroupParent })]),
  );
  const rows = [];
  let serial = 0;

  async function batch(runtime, concurrency) {
    const driver = drivers[runtime];
    // Time the runtime's `start` inside driver.start; the rest is conmon + create (+ config).
    const realStart = driver.runtime.start.bind(driver.runtime);
    const startMs = new Map();
    driver.runtime.start = async (id) => {
      const began = performance.now();
      await realStart(id);
      startMs.set(id, performance.now() - began);
    };
    const specs = Array.from({ length: N }, () => {
      const id = `bench${process.pid}x${(serial++).toString().padStart(5, '0')}`;
      return {
        id,
        bundleDir: join(dir, 'bundles', id),
        rootfs: '',
        readonlyRootfs: false,
        args: ['sh', '-c', "trap 'exit 0' TERM; sleep 86400 & wait"],
        env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        cwd: '/',
        user: '',
        groupAdd: [],
        hostname: id.slice(-12),
        tty: false,
        openStdin: false,
        mounts: [],
        network: { kind: 'none' },
        privileged: false,
        capAdd: [],
        capDrop: [],
        sysctls: {},
        limits: {},
        logPath: join(dir, 'logs', `${id}.log`),
      };
    });
    const per = [];
    const host0 = await hostBusyMs();
    const cpu0 = await driverCpuMs();
    const node0 = process.cpuUsage();
    const began = performance.now();
    await inParallel(specs, concurrency, async (spec) => {
      const t0 = performance.now();
      await createSnapshot(engineRoot, spec.id, lowers);
      const { merged } = await mountSnapshot(engineRoot, spec.id);
      const t1 = performance.now();
      await driver.start({ ...spec, rootfs: merged });
      const t2 = performance.now();
      const start = startMs.get(spec.id) ?? 0;
      per.push({ snapshot: t1 - t0, driverStart: t2 - t1, start, conmonCreate: t2 - t1 - start });
    });
    const wall = performance.now() - began;
    const node = process.cpuUsage(node0);
    const nodeCpu = (node.user + node.system) / 1000;
    const driverCpu = (await driverCpuMs()) - cpu0;
    const hostCpu = (await hostBusyMs()) - host0;
    driver.runtime.start = realStart;
    // Teardown, not timed.
    await inParallel(specs, 8, async (spec) => {
      await driver.kill(spec.id, 'KILL').catch(() => undefined);
      await driver.delete(spec.id, spec.bundleDir);
      await removeSnapshot(engineRoot, spec.id);
    });
    const pick = (key) => median(per.map((entry) => entry[key]));
    return {
      runtime,
      concurrency,
      wall,
      driverCpu,
      nodeCpu,
      hostCpu,
      snapshot: pick('snapshot'),
      driverStart: pick('driverStart'),
      conmonCreate: pick('conmonCreate'),
      start: pick('start'),
    };
  }

  // Run 0 warms up (page cache, first-call lookups); then runtimes and concurrencies interleave.
  for (let run = 0; run <= RUNS; run++) {
    for (const concurrency of CONCURRENCY) {
      for (const runtime of RUNTIMES) {
        const row = await batch(runtime, concurrency);
        if (run > 0) rows.push(row); // run 0 is the warm-up
        console.error(
          `${run === 0 ? 'warm-up' : `run ${run}`} ${runtime} ×${concurrency}: ${row.wall.toFixed(0)} ms wall, driver CPU ${row.driverCpu.toFixed(0)} ms (Node ${row.nodeCpu.toFixed(0)}), host CPU ${row.hostCpu.toFixed(0)} ms`,
        );
      }
    }
  }

  console.log(
    `\n${N} containers (snapshot + driver.start, network none), medians of ${RUNS} runs; per-container medians in ms`,
  );
  console.log(
    '| runtime | in flight | wall | driver CPU | of it Node | host CPU | snapshot | driver.start | conmon+create | start |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const concurrency of CONCURRENCY) {
    for (const runtime of RUNTIMES) {
      const mine = rows.filter((r) => r.runtime === runtime && r.concurrency === concurrency);
      const m = (key) => median(mine.map((r) => r[key]));
      console.log(
        `| ${runtime} | ${concurrency} | ${(m('wall') / 1000).toFixed(2)} s | ${(m('driverCpu') / 1000).toFixed(2)} s | ${(m('nodeCpu') / 1000).toFixed(2)} s | ${(m('hostCpu') / 1000).toFixed(2)} s | ${m('snapshot').toFixed(1)} | ${m('driverStart').toFixed(1)} | ${m('conmonCreate').toFixed(1)} | ${m('start').toFixed(1)} |`,
      );
    }
  }
} finally {
  await writeFile(join(CPUACCT, 'cgroup.procs'), String(process.pid)).catch(() => undefined);
  await rmdir(benchCgroup).catch(() => undefined);
  await rmdir(join(CPUACCT, tag)).catch(() => undefined);
  for (const hierarchy of await readdir('/sys/fs/cgroup')) {
    await rmdir(join('/sys/fs/cgroup', hierarchy, tag, 'containers')).catch(() => undefined);
    await rmdir(join('/sys/fs/cgroup', hierarchy, tag)).catch(() => undefined);
  }
  await rm(stateRoot, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
}
