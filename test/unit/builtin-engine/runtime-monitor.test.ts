import { spawn } from 'node:child_process';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  rename,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecRequest } from '../../../src/builtin-engine/ports.js';
import {
  ALL_CAPABILITIES,
  RuntimeError,
  monitorPaths,
  readExit,
  readRootfsFile,
  resolveInRoot,
} from '../../../src/builtin-engine/runtime/index.js';
import { attachStdin, socatArgs } from '../../../src/builtin-engine/runtime/attach.js';
import { conmonArgs, parseSyncMessage } from '../../../src/builtin-engine/runtime/conmon.js';
import { runcMessage } from '../../../src/builtin-engine/runtime/errors.js';
import { execProcess, mergeEnv, shellQuote } from '../../../src/builtin-engine/runtime/exec.js';
import {
  exitNow,
  isLiveProcess,
  waitForExit,
} from '../../../src/builtin-engine/runtime/monitor.js';
import type { OciProcess } from '../../../src/builtin-engine/runtime/oci-spec.js';
import { normalizeSignal } from '../../../src/builtin-engine/runtime/oci-runtime.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-runtime-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('conmon', () => {
  const paths = monitorPaths('/b', 'c1');

  it('lays out the monitor files in the bundle dir', () => {
    expect(paths).toMatchObject({
      config: '/b/config.json',
      dir: '/b/monitor',
      exitFile: '/b/monitor/exit',
      oomFile: '/b/monitor/oom',
      conmonPidFile: '/b/conmon.pid',
      conmonOutput: '/b/conmon.out',
      ctl: '/b/ctl',
    });
  });

  it('is told the runtime, its root, the log, exit and persist dirs; tty and stdin on request', () => {
    const launch = {
      conmon: '/usr/bin/conmon',
      runtime: { path: '/usr/sbin/runc', args: ['--root', '/run/x'] },
      id: 'c1',
      bundleDir: '/b',
      logPath: '/l/c1.log',
      paths,
      tty: false,
      openStdin: false,
      stdinOnce: false,
    };
    const args = conmonArgs(launch);
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('--runtime')).toBe('/usr/sbin/runc');
    expect(value('--log-path')).toBe('k8s-file:/l/c1.log');
    expect(value('--exit-dir')).toBe('/b/monitor');
    expect(value('--persist-dir')).toBe('/b/monitor');
    expect(args.join(' ')).toContain('--runtime-arg --root --runtime-arg /run/x');
    expect(args).not.toContain('--terminal');
    expect(args).not.toContain('--stdin');
    const interactive = conmonArgs({ ...launch, tty: true, openStdin: true });
    expect(interactive).toContain('--terminal');
    expect(interactive).toContain('--stdin');
    expect(interactive).toContain('--leave-stdin-open');
    expect(conmonArgs({ ...launch, openStdin: true, stdinOnce: true })).not.toContain(
      '--leave-stdin-open',
    );
  });

  it('runs create through a wrapper: every wrapper word and the runtime become runtime args, in order', () => {
    const wrapped = conmonArgs({
      conmon: '/usr/bin/conmon',
      runtime: {
        path: '/usr/bin/unshare',
        args: ['--mount', '--mount-proc=/x', '/usr/bin/crun', '--root', '/run/c'],
      },
      id: 'c1',
      bundleDir: '/b',
      logPath: '/l/c1.log',
      paths,
      tty: false,
      openStdin: false,
      stdinOnce: false,
    });
    expect(wrapped[wrapped.indexOf('--runtime') + 1]).toBe('/usr/bin/unshare');
    const runtimeArgs = wrapped.flatMap((arg, index) =>
      arg === '--runtime-arg' ? [wrapped[index + 1]] : [],
    );
    expect(runtimeArgs).toEqual([
      '--mount',
      '--mount-proc=/x',
      '/usr/bin/crun',
      '--root',
      '/run/c',
    ]);
  });

  it('reads the pid or runc’s error from the sync pipe', () => {
    expect(parseSyncMessage('{"data": 4242}\n')).toEqual({ pid: 4242 });
    expect(
      parseSyncMessage(
        '{"data": -1, "message": "time=\\"x\\" level=error msg=\\"runc create failed: no such file\\"\\n"}\n',
      ),
    ).toEqual({ error: 'runc create failed: no such file' });
    expect(parseSyncMessage('{"data": -1}\n')).toEqual({ error: 'runtime exited with status -1' });
    expect(parseSyncMessage('')).toEqual({ error: 'unexpected message from conmon: (nothing)' });
  });

  it('extracts runc’s log messages', () => {
    expect(runcMessage('time="2026" level=error msg="container \\"x\\" does not exist"')).toBe(
      'container "x" does not exist',
    );
    expect(runcMessage('plain failure')).toBe('plain failure');
  });
});

describe('exit files', () => {
  it('reads the code, the file time as finishedAt, and the oom marker', async () => {
    const paths = monitorPaths(dir, 'c1');
    expect(await readExit(paths)).toBeUndefined();
    await mkdir(paths.dir);
    await writeFile(paths.exitFile, '137');
    const when = new Date('2026-11-22T10:00:00.250Z');
    await utimes(paths.exitFile, when, when);
    expect(await readExit(paths)).toEqual({
      exitCode: 137,
      finishedAt: '2026-11-22T10:00:00.250000000Z',
      oomKilled: false,
    });
    await writeFile(paths.oomFile, '');
    expect((await readExit(paths))?.oomKilled).toBe(true);
    await writeFile(paths.exitFile, '-1');
    expect((await readExit(paths))?.exitCode).toBe(255);
  });

  it('calls the exit unknown (255) when conmon is gone without a file', async () => {
    const paths = monitorPaths(dir, 'c1');
    await writeFile(paths.conmonPidFile, '999999999');
    expect((await exitNow(paths))?.exitCode).toBe(255);
  });

  it('waits while conmon runs, and resolves when the exit file appears', async () => {
    const paths = monitorPaths(dir, 'c1');
    await mkdir(paths.dir);
    // A stand-in monitor: sleep(1) under the name conmon.
    const fake = join(dir, 'conmon');
    await copyFile('/bin/sleep', fake);
    await chmod(fake, 0o755);
    const child = spawn(fake, ['30'], { stdio: 'ignore' });
    try {
      await writeFile(paths.conmonPidFile, String(child.pid));
      await sleep(50);
      expect(await isLiveProcess(child.pid as number, 'conmon')).toBe(true);
      let resolved = false;
      const waiting = waitForExit(paths, 5000).then((exit) => {
        resolved = true;
        return exit;
      });
      await sleep(100);
      expect(resolved).toBe(false);
      // conmon writes atomically: a temporary file renamed into place.
      await writeFile(join(paths.dir, '.exit.tmp'), '3');
      await rename(join(paths.dir, '.exit.tmp'), paths.exitFile);
      const startedAt = Date.now();
      expect((await waiting).exitCode).toBe(3);
      expect(Date.now() - startedAt).toBeLessThan(1000); // the watch, not the 5 s poll
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('recognises live processes by name, not by pid alone', async () => {
    expect(await isLiveProcess(process.pid, 'conmon')).toBe(false);
    expect(await isLiveProcess(999999999, 'node')).toBe(false);
  });
});

describe('exec process', () => {
  const container: OciProcess = {
    terminal: false,
    user: { uid: 1000, gid: 1000 },
    args: ['server'],
    env: ['PATH=/bin', 'MODE=prod'],
    cwd: '/srv',
    capabilities: { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] },
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: 10, soft: 10 }],
    noNewPrivileges: false,
  };
  const request: ExecRequest = {
    args: ['sh'],
    env: ['MODE=debug', 'EXTRA=1'],
    tty: false,
    stdin: false,
    privileged: false,
  };

  it('inherits the container’s user, cwd, caps and rlimits; request env wins', () => {
    expect(execProcess(container, request, undefined, ALL_CAPABILITIES)).toEqual({
      ...container,
      args: ['sh'],
      env: ['PATH=/bin', 'MODE=debug', 'EXTRA=1'],
    });
  });

  it('applies the requested user, cwd, tty (with TERM) and privilege', () => {
    const process = execProcess(
      container,
      { ...request, cwd: '/tmp', tty: true, privileged: true },
      { uid: 0, gid: 0, additionalGids: [5] },
      ALL_CAPABILITIES,
    );
    expect(process.user).toEqual({ uid: 0, gid: 0, additionalGids: [5] });
    expect(process.cwd).toBe('/tmp');
    expect(process.terminal).toBe(true);
    expect(process.env).toContain('TERM=xterm');
    expect(process.capabilities.bounding).toEqual(ALL_CAPABILITIES);
  });

  it('merges env by key and quotes shell words', () => {
    expect(mergeEnv(['A=1', 'B=2'], ['B=3=x', 'C='])).toEqual(['A=1', 'B=3=x', 'C=']);
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});

describe('attach stdin', () => {
  it('runs socat one way into a SOCK_SEQPACKET socket', () => {
    expect(socatArgs('attach')).toEqual(['-u', 'STDIN', 'UNIX-CONNECT:attach,type=5']);
  });

  it('says what to install when socat is missing', async () => {
    await expect(attachStdin('/nonexistent/socat', join(dir, 'attach'))).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('apt-get install socat'),
    });
  });
});

describe('signals', () => {
  it('accepts names with or without SIG and numbers', () => {
    expect(normalizeSignal('term')).toBe('SIGTERM');
    expect(normalizeSignal('SIGKILL')).toBe('SIGKILL');
    expect(normalizeSignal('9')).toBe('9');
    expect(normalizeSignal('SIGRTMIN+3')).toBe('SIGRTMIN+3');
    for (const bad of ['', '0', '65', 'SIG TERM', '-9']) {
      expect(() => normalizeSignal(bad)).toThrow(RuntimeError);
    }
  });
});

describe('files of the container’s root', () => {
  it('resolves symlinks inside the root, never onto the host', async () => {
    const root = join(dir, 'rootfs');
    await mkdir(join(root, 'etc'), { recursive: true });
    await mkdir(join(root, 'real'));
    await writeFile(join(root, 'real', 'passwd'), 'inside\n');
    await writeFile(join(dir, 'host-secret'), 'host\n');
    await symlink('/real/passwd', join(root, 'etc', 'passwd'));
    await symlink('../../../../../host-secret', join(root, 'etc', 'group'));
    await symlink('/etc/loop-b', join(root, 'etc', 'loop-a'));
    await symlink('/etc/loop-a', join(root, 'etc', 'loop-b'));
    expect(await readRootfsFile(root, '/etc/passwd')).toBe('inside\n');
    expect(await resolveInRoot(root, '/etc/group')).toBe(join(root, 'host-secret'));
    expect(await readRootfsFile(root, '/etc/group')).toBeUndefined();
    expect(await readRootfsFile(root, '/etc/shadow')).toBeUndefined();
    await expect(readRootfsFile(root, '/etc/loop-a')).rejects.toThrow('symbolic links');
  });
});
