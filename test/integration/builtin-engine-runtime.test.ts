/**
 * The runtime driver on the real tools: Debian's runc, and crun where it is
 * installed, with conmon as the monitor, containers on busybox overlay
 * snapshots (`docker save busybox` → store → snapshot), network namespace
 * `none`. Every driver test runs once per runtime. Needs root. Each test's
 * containers are deleted in afterEach; afterAll additionally force-removes
 * any runtime state, conmon process, mount and cgroup left under the test's
 * own state root and cgroup parent, whatever failed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadImageArchive } from '../../src/builtin-engine/load/index.js';
import type {
  ContainerRuntimeSpec,
  LogQuery,
  OutputChunk,
} from '../../src/builtin-engine/ports.js';
import {
  OciDriver,
  RUNTIME_BINARIES,
  RUNTIME_ENV,
  detectRuntime,
  type RuntimeName,
} from '../../src/builtin-engine/runtime/index.js';
import {
  createSnapshot,
  layerDirs,
  mountSnapshot,
  removeSnapshot,
} from '../../src/builtin-engine/snapshots/index.js';
import { ImageStore } from '../../src/builtin-engine/store/index.js';
import { busyboxImage } from '../support/engine.js';

const tag = `${process.pid}-${randomBytes(3).toString('hex')}`;
const stateRoot = `/run/tscompose-test-${tag}`;
const cgroupParent = `/tscompose-test-${tag}`;
const RUNTIMES: readonly RuntimeName[] = ['runc', 'crun'];
const installed = (runtime: RuntimeName): boolean => existsSync(RUNTIME_BINARIES[runtime]);
const otherThan = (runtime: RuntimeName): RuntimeName => (runtime === 'runc' ? 'crun' : 'runc');
const driverOn = (runtime: RuntimeName) => new OciDriver({ runtime, stateRoot, cgroupParent });
/** The runtime's own answer, as the oracle of the driver's status reads. */
const runtimeSays = (runtime: RuntimeName, id: string): string =>
  (
    JSON.parse(
      execFileSync(RUNTIME_BINARIES[runtime], ['--root', join(stateRoot, runtime), 'state', id], {
        encoding: 'utf8',
      }),
    ) as { status: string }
  ).status;

let dir: string;
let engineRoot: string;
let lowers: string[];
/** The driver of the runtime whose tests run (set in each runtime's beforeAll). */
let driver: OciDriver;
/** Containers of the running test, deleted (and unmounted) in afterEach. */
const live: ContainerRuntimeSpec[] = [];

const allLogs: LogQuery = {
  stdout: true,
  stderr: true,
  follow: false,
  since: 0,
  until: 0,
  tail: 'all',
  timestamps: false,
};

async function collect(chunks: AsyncIterable<OutputChunk>): Promise<OutputChunk[]> {
  const all: OutputChunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

const text = (chunks: readonly OutputChunk[], stream?: 'stdout' | 'stderr'): string =>
  Buffer.concat(
    chunks.filter((chunk) => !stream || chunk.stream === stream).map((chunk) => chunk.data),
  ).toString('utf8');

async function container(
  script: string,
  overrides: Partial<ContainerRuntimeSpec> = {},
): Promise<ContainerRuntimeSpec> {
  const id = randomBytes(32).toString('hex');
  await createSnapshot(engineRoot, id, lowers);
  const { merged } = await mountSnapshot(engineRoot, id);
  const spec: ContainerRuntimeSpec = {
    id,
    bundleDir: join(dir, 'bundles', id),
    rootfs: merged,
    readonlyRootfs: false,
    args: ['sh', '-c', script],
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    cwd: '/',
    user: '',
    groupAdd: [],
    hostname: id.slice(0, 12),
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
    ...overrides,
  };
  live.push(spec);
  return spec;
}

async function started(script: string, overrides: Partial<ContainerRuntimeSpec> = {}) {
  const spec = await container(script, overrides);
  const { pid } = await driver.start(spec);
  return { spec, pid };
}

/** Pids of conmon processes whose command line names `id`. */
async function conmonsOf(id: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.startsWith('/usr/bin/conmon\0') && cmdline.includes(`\0${id}\0`)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

async function mountsUnder(path: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === path || point.startsWith(`${path}/`));
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-builtin-runtime-'));
  engineRoot = join(dir, 'engine');
  const archive = join(dir, 'busybox.tar');
  execFileSync('docker', ['save', busyboxImage, '-o', archive], { stdio: 'pipe' });
  const store = await ImageStore.open(join(dir, 'store'));
  await loadImageArchive(store, createReadStream(archive));
  lowers = await layerDirs(store, busyboxImage, engineRoot);
});

afterEach(async () => {
  for (const spec of live.splice(0)) {
    await driver.delete(spec.id, spec.bundleDir).catch(() => undefined);
    await removeSnapshot(engineRoot, spec.id).catch(() => undefined);
  }
});

afterAll(async () => {
  // Last resort, whatever failed above: nothing of ours may survive the file.
  for (const runtime of RUNTIMES.filter(installed)) {
    const root = join(stateRoot, runtime);
    const call = (args: string[]) => {
      try {
        execFileSync(RUNTIME_BINARIES[runtime], ['--root', root, ...args], { stdio: 'pipe' });
      } catch {
        /* already gone */
      }
    };
    for (const id of await readdir(root).catch(() => [] as string[])) {
      call(['kill', id, 'KILL']);
      for (const pid of await conmonsOf(id)) process.kill(pid, 'SIGKILL');
      call(['delete', '-f', id]);
    }
  }
  for (const point of (await mountsUnder(dir ?? '/nonexistent')).reverse()) {
    execFileSync('umount', ['-l', point], { stdio: 'pipe' });
  }
  for (const hierarchy of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    const parent = join('/sys/fs/cgroup', hierarchy, cgroupParent);
    // A create that failed half-way may leave a container's (empty) cgroup behind.
    const children = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const child of children.filter((entry) => entry.isDirectory())) {
      await rmdir(join(parent, child.name)).catch(() => undefined);
    }
    await rmdir(parent).catch(() => undefined);
  }
  await rm(stateRoot, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(RUNTIMES)('built-in engine: runtime driver (%s + conmon)', (runtime) => {
  // crun is optional (scripts/builtin-deps.mjs installs it where apt can): without it, its half skips.
  const skip = !installed(runtime);
  beforeAll(() => {
    if (!skip) driver = driverOn(runtime);
  });

  it.skipIf(skip)(
    'runs a container, tags stdout and stderr in its log, records exit code 7',
    async () => {
      const { spec, pid } = await started('echo out; echo err >&2; printf partial; exit 7');
      expect(pid).toBeGreaterThan(1);
      const exit = await driver.waitExit(spec.id, spec.bundleDir);
      expect(exit.exitCode).toBe(7);
      expect(exit.oomKilled).toBe(false);
      expect(Date.now() - Date.parse(exit.finishedAt)).toBeLessThan(30_000);
      expect(await driver.status(spec.id)).toBe('stopped');

      const chunks = await collect(
        driver.readLogs(spec.logPath, allLogs, new AbortController().signal),
      );
      expect(chunks.map((chunk) => [chunk.stream, chunk.data.toString()])).toEqual([
        ['stdout', 'out\n'],
        ['stderr', 'err\n'],
        ['stdout', 'partial'],
      ]);
      expect(chunks[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      const onlyErr = await collect(
        driver.readLogs(spec.logPath, { ...allLogs, stdout: false }, new AbortController().signal),
      );
      expect(text(onlyErr)).toBe('err\n');
      const tail = await collect(
        driver.readLogs(spec.logPath, { ...allLogs, tail: 1 }, new AbortController().signal),
      );
      expect(text(tail)).toBe('partial');
    },
  );

  it.skipIf(skip)('follows a running container’s log until it exits', async () => {
    const { spec } = await started('for i in 1 2 3; do echo line$i; sleep 0.2; done; exit 0');
    const chunks = await collect(
      driver.readLogs(spec.logPath, { ...allLogs, follow: true }, new AbortController().signal, {
        id: spec.id,
        bundleDir: spec.bundleDir,
      }),
    );
    expect(text(chunks)).toBe('line1\nline2\nline3\n');
  });

  it.skipIf(skip)(
    'reads an exit that happened while no driver watched, from a new driver instance',
    async () => {
      const { spec } = await started('sleep 0.3; echo done; exit 3');
      // A "restarted daemon": a driver that never saw this container start.
      const restarted = driverOn(runtime);
      await until(async () => (await restarted.status(spec.id)) === 'stopped');
      await sleep(100);
      const exit = await restarted.waitExit(spec.id, spec.bundleDir);
      expect(exit.exitCode).toBe(3);
      const chunks = await collect(
        restarted.readLogs(spec.logPath, allLogs, new AbortController().signal),
      );
      expect(text(chunks)).toBe('done\n');
    },
  );

  it.skipIf(skip)(
    'stops a container that traps SIGTERM with exit 0, and SIGKILLs one with 137',
    async () => {
      const trapping = await started(
        "trap 'echo got-term; exit 0' TERM; echo ready; while :; do sleep 0.1; done",
      );
      const plain = await started('echo ready; sleep 1000');
      for (const { spec } of [trapping, plain]) {
        await until(async () =>
          (await readFile(spec.logPath, 'utf8').catch(() => '')).includes('ready'),
        );
      }
      await driver.kill(trapping.spec.id, 'TERM');
      const termExit = await driver.waitExit(trapping.spec.id, trapping.spec.bundleDir);
      expect(termExit.exitCode).toBe(0);
      const logs = await collect(
        driver.readLogs(trapping.spec.logPath, allLogs, new AbortController().signal),
      );
      expect(text(logs)).toBe('ready\ngot-term\n');

      expect(await driver.status(plain.spec.id)).toBe('running');
      await driver.kill(plain.spec.id, 'SIGKILL');
      expect((await driver.waitExit(plain.spec.id, plain.spec.bundleDir)).exitCode).toBe(137);
      await expect(driver.kill(plain.spec.id, 'SIGKILL')).rejects.toMatchObject({
        code: 'not-running',
      });
    },
  );

  it.skipIf(skip)(
    'execs with piped stdin and reports the exit code; a missing binary is an error',
    async () => {
      const { spec } = await started('sleep 1000', { env: ['PATH=/bin', 'FROM_CONTAINER=yes'] });
      const exec = await driver.exec(spec.id, {
        args: ['sh', '-c', 'cat; echo "env=$FROM_CONTAINER/$EXTRA" >&2; exit 5'],
        env: ['EXTRA=x'],
        tty: false,
        stdin: true,
        privileged: false,
      });
      expect(exec.pid).toBeGreaterThan(1);
      const output = collect(exec.output);
      exec.stdin?.end('hello through stdin');
      expect(await exec.exit).toBe(5);
      const chunks = await output;
      expect(text(chunks, 'stdout')).toBe('hello through stdin');
      expect(text(chunks, 'stderr')).toBe('env=yes/x\n');

      await expect(
        driver.exec(spec.id, {
          args: ['/no/such/binary'],
          env: [],
          tty: false,
          stdin: false,
          privileged: false,
        }),
      ).rejects.toMatchObject({
        name: 'RuntimeError',
        message: expect.stringContaining('/no/such/binary'),
      });
    },
  );

  it.skipIf(skip)('execs with a TTY through script(1), with a resizable terminal', async () => {
    const { spec } = await started('sleep 1000');
    const exec = await driver.exec(spec.id, {
      args: ['sh', '-c', 'sleep 0.3; [ -t 0 ] && [ -t 1 ] && echo is-a-tty; stty size; exit 4'],
      env: [],
      tty: true,
      stdin: true,
      privileged: false,
    });
    await exec.resize({ height: 33, width: 101 });
    const output = collect(exec.output);
    expect(await exec.exit).toBe(4);
    const all = text(await output);
    expect(all).toContain('is-a-tty\r\n');
    expect(all).toContain('33 101');
  });

  it.skipIf(skip)('resolves the user from the image and applies env, cwd and groups', async () => {
    const { spec } = await started('id -u; id -g; id -G; echo "$GREETING"; pwd; exit 0', {
      user: 'nobody',
      groupAdd: ['root', '4242'],
      env: ['PATH=/bin', 'GREETING=hello there'],
      cwd: '/tmp',
    });
    expect((await driver.waitExit(spec.id, spec.bundleDir)).exitCode).toBe(0);
    const out = text(
      await collect(driver.readLogs(spec.logPath, allLogs, new AbortController().signal)),
    );
    expect(out).toBe('65534\n65534\n65534 0 4242\nhello there\n/tmp\n');

    await expect(started('true', { user: 'no-such-user' })).rejects.toMatchObject({
      code: 'invalid-config',
      message: expect.stringContaining('no-such-user'),
    });

    const running = await started('sleep 1000', { user: '1234:5' });
    const exec = await driver.exec(running.spec.id, {
      args: ['sh', '-c', 'id -u; id -g'],
      env: [],
      tty: false,
      stdin: false,
      privileged: false,
    });
    const output = collect(exec.output);
    expect(await exec.exit).toBe(0);
    expect(text(await output)).toBe('1234\n5\n');
    const asRoot = await driver.exec(running.spec.id, {
      args: ['id', '-u'],
      env: [],
      user: 'root',
      tty: false,
      stdin: false,
      privileged: false,
    });
    const rootOutput = collect(asRoot.output);
    expect(await asRoot.exit).toBe(0);
    expect(text(await rootOutput)).toBe('0\n');
  });

  it.skipIf(skip)(
    'puts the container in its memory cgroup with the limit, and lists its pids',
    async () => {
      const limit = 64 * 1024 * 1024;
      const { spec, pid } = await started(
        'cat /sys/fs/cgroup/memory/memory.limit_in_bytes; sleep 1000',
        { limits: { memoryBytes: limit, pidsLimit: 50 } },
      );
      const hostSide = join(
        '/sys/fs/cgroup/memory',
        cgroupParent,
        spec.id,
        'memory.limit_in_bytes',
      );
      expect(Number((await readFile(hostSide, 'utf8')).trim())).toBe(limit);
      const pidsMax = join('/sys/fs/cgroup/pids', cgroupParent, spec.id, 'pids.max');
      expect((await readFile(pidsMax, 'utf8')).trim()).toBe('50');
      await until(async () =>
        (await readFile(spec.logPath, 'utf8').catch(() => '')).includes('\n'),
      );
      const logged = text(
        await collect(driver.readLogs(spec.logPath, allLogs, new AbortController().signal)),
      );
      expect(logged).toBe(`${limit}\n`);
      expect(await driver.pids(spec.id)).toContain(pid);
    },
  );

  it.skipIf(skip)('records an OOM kill', async () => {
    const { spec } = await started('echo start; head -c 100m /dev/zero | tail; echo survived', {
      limits: { memoryBytes: 16 * 1024 * 1024, memorySwapBytes: 16 * 1024 * 1024 },
    });
    const exit = await driver.waitExit(spec.id, spec.bundleDir);
    expect(exit.oomKilled).toBe(true);
  });

  it.skipIf(skip)(
    'runs a TTY container: output as stdout with CRLF, resized through conmon',
    async () => {
      const { spec } = await started('sleep 0.5; stty size; exit 0', { tty: true });
      await driver.resize(spec.id, spec.bundleDir, { height: 40, width: 120 });
      expect((await driver.waitExit(spec.id, spec.bundleDir)).exitCode).toBe(0);
      const chunks = await collect(
        driver.readLogs(spec.logPath, allLogs, new AbortController().signal),
      );
      expect(chunks.every((chunk) => chunk.stream === 'stdout')).toBe(true);
      expect(text(chunks)).toBe('40 120\r\n');
    },
  );

  it.skipIf(skip)(
    'feeds attach stdin through conmon’s socket; stdinOnce closes it at the client’s end',
    async () => {
      const once = await started('cat; echo stdin-closed', { openStdin: true, stdinOnce: true });
      const attachment = await driver.attachStdin(once.spec.id, once.spec.bundleDir);
      attachment.stdin.end('hello from attach\n');
      await attachment.closed;
      expect((await driver.waitExit(once.spec.id, once.spec.bundleDir)).exitCode).toBe(0);
      const logged = text(
        await collect(driver.readLogs(once.spec.logPath, allLogs, new AbortController().signal)),
      );
      expect(logged).toBe('hello from attach\nstdin-closed\n');

      // Without stdinOnce, stdin stays open across attaches.
      const kept = await started('cat', { openStdin: true, stdinOnce: false });
      for (const word of ['one', 'two']) {
        const session = await driver.attachStdin(kept.spec.id, kept.spec.bundleDir);
        session.stdin.end(`${word}\n`);
        await session.closed;
      }
      await until(async () =>
        (await readFile(kept.spec.logPath, 'utf8').catch(() => '')).includes('two'),
      );
      expect(await driver.status(kept.spec.id)).toBe('running');

      const stopped = await started('exit 0', { openStdin: true });
      await driver.waitExit(stopped.spec.id, stopped.spec.bundleDir);
      await until(async () => (await conmonsOf(stopped.spec.id)).length === 0);
      await expect(
        driver.attachStdin(stopped.spec.id, stopped.spec.bundleDir),
      ).rejects.toMatchObject({
        code: 'not-running',
      });
    },
  );

  it.skipIf(skip)('pauses and resumes', async () => {
    const { spec } = await started('sleep 1000');
    await driver.pause(spec.id);
    expect(await driver.status(spec.id)).toBe('paused');
    await driver.resume(spec.id);
    expect(await driver.status(spec.id)).toBe('running');
  });

  it.skipIf(skip)(
    'reads the status from the runtime’s state files as its `state` reports it',
    async () => {
      // The driver computes the status without a child process; the runtime is the oracle.
      const { spec } = await started('sleep 1000');
      expect(await driver.status(spec.id)).toBe(runtimeSays(runtime, spec.id));
      await driver.pause(spec.id);
      expect(await driver.status(spec.id)).toBe(runtimeSays(runtime, spec.id));
      await driver.resume(spec.id);
      await driver.kill(spec.id, 'SIGKILL');
      await driver.waitExit(spec.id, spec.bundleDir);
      expect(await driver.status(spec.id)).toBe(runtimeSays(runtime, spec.id));
      expect(await driver.status(spec.id)).toBe('stopped');
    },
  );

  it.skipIf(skip)(
    'delete leaves no runtime state, no conmon, no monitor files (running or exited)',
    async () => {
      const running = await started('sleep 1000');
      const exited = await started('exit 0');
      await driver.waitExit(exited.spec.id, exited.spec.bundleDir);
      expect(await conmonsOf(running.spec.id)).toHaveLength(1);
      for (const { spec } of [running, exited]) {
        const startedAt = Date.now();
        await driver.delete(spec.id, spec.bundleDir);
        // kill + wait + plain delete, never `delete -f`'s 100 ms sleeps (measured: 30–70 ms).
        expect(Date.now() - startedAt).toBeLessThan(2000);
        expect(await driver.status(spec.id)).toBeUndefined();
        expect(await conmonsOf(spec.id)).toEqual([]);
        expect(await readdir(spec.bundleDir)).toEqual([]);
        await expect(stat(join(stateRoot, runtime, spec.id))).rejects.toMatchObject({
          code: 'ENOENT',
        });
        await expect(
          stat(join('/sys/fs/cgroup/memory', cgroupParent, spec.id)),
        ).rejects.toMatchObject({
          code: 'ENOENT',
        });
        // The log stays: it is the core's to remove with the container.
        expect((await stat(spec.logPath)).isFile()).toBe(true);
        await removeSnapshot(engineRoot, spec.id);
        expect(await mountsUnder(join(engineRoot, 'containers', spec.id))).toEqual([]);
      }
      // Deleting again is harmless; a container can be started again in the same bundle.
      await driver.delete(running.spec.id, running.spec.bundleDir);
    },
  );

  it.skipIf(skip || !installed(otherThan(runtime)))(
    'a driver on the other runtime finds, kills and deletes a container this one started',
    async () => {
      // The host's choice may change while containers run (crun installed meanwhile).
      const { spec } = await started('sleep 1000');
      const switched = driverOn(otherThan(runtime));
      expect(await switched.status(spec.id)).toBe('running');
      expect(await switched.pids(spec.id)).toHaveLength(1);
      await switched.kill(spec.id, 'KILL');
      expect((await switched.waitExit(spec.id, spec.bundleDir)).exitCode).toBe(137);
      await switched.delete(spec.id, spec.bundleDir);
      expect(await driver.status(spec.id)).toBeUndefined();
      await expect(stat(join(stateRoot, runtime, spec.id))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    },
  );
});

describe('built-in engine: choosing the runtime on this host', () => {
  it('the setting wins; otherwise crun where it works (probed for real), else runc', async () => {
    const env = { PATH: process.env.PATH ?? '' };
    expect(await detectRuntime({ ...env, [RUNTIME_ENV]: 'runc' })).toMatchObject({
      runtime: 'runc',
      runtimeBinary: RUNTIME_BINARIES.runc,
    });
    const auto = await detectRuntime(env);
    if (!installed('crun')) {
      expect(auto).toMatchObject({ runtime: 'runc', reason: 'runc (crun is not installed)' });
      return;
    }
    // crun 1.8 on a hybrid host works only through its create wrapper: the probe must see it work.
    expect(auto).toMatchObject({ runtime: 'crun', runtimeBinary: RUNTIME_BINARIES.crun });
    expect(await detectRuntime({ ...env, [RUNTIME_ENV]: 'crun' })).toMatchObject({
      runtime: 'crun',
    });
  });
});
