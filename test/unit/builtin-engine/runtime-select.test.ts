import { describe, expect, it } from 'vitest';
import {
  CGROUP2_SUPER_MAGIC,
  TMPFS_MAGIC,
  cgroupModeOf,
  type CgroupLayout,
} from '../../../src/builtin-engine/runtime/cgroup-mode.js';
import { crunCreateWrapper } from '../../../src/builtin-engine/runtime/crun.js';
import { OciRuntime } from '../../../src/builtin-engine/runtime/oci-runtime.js';
import {
  RUNTIME_ENV,
  chooseRuntime,
  crunProbeCommand,
  runtimeSetting,
  type CrunProbe,
} from '../../../src/builtin-engine/runtime/select.js';

const EXT4_MAGIC = 0xef53;
const hybrid: CgroupLayout = { mode: 'hybrid', unifiedControllers: 'hugetlb' };
const WRAPPER = [
  '/usr/bin/unshare',
  '--mount',
  '--propagation',
  'slave',
  '/bin/sh',
  '-c',
  'mount -t tmpfs -o size=64k,mode=755 tscompose /sys/fs/cgroup/unified && exec "$@"',
  'sh',
];

describe('cgroup mode (crun’s rule)', () => {
  it('unified, legacy, hybrid, or a layout crun refuses', () => {
    expect(cgroupModeOf(CGROUP2_SUPER_MAGIC, undefined)).toBe('unified');
    expect(cgroupModeOf(TMPFS_MAGIC, undefined)).toBe('legacy');
    expect(cgroupModeOf(TMPFS_MAGIC, TMPFS_MAGIC)).toBe('legacy');
    expect(cgroupModeOf(TMPFS_MAGIC, CGROUP2_SUPER_MAGIC)).toBe('hybrid');
    expect(cgroupModeOf(EXT4_MAGIC, CGROUP2_SUPER_MAGIC)).toBeUndefined();
  });
});

describe('the crun create wrapper', () => {
  it('only on a hybrid host whose cgroup2 side has controllers (where crun refuses create)', () => {
    expect(crunCreateWrapper(hybrid, '/usr/bin/unshare')).toEqual(WRAPPER);
    expect(crunCreateWrapper({ mode: 'hybrid', unifiedControllers: '' }, '/u')).toBeUndefined();
    expect(crunCreateWrapper({ mode: 'legacy', unifiedControllers: '' }, '/u')).toBeUndefined();
    expect(crunCreateWrapper({ mode: 'unified', unifiedControllers: 'x' }, '/u')).toBeUndefined();
    expect(crunCreateWrapper({ mode: undefined, unifiedControllers: '' }, '/u')).toBeUndefined();
  });

  it('is what conmon runs create with: wrapper, crun, crun’s root; other runtimes run bare', async () => {
    const layout = (value: CgroupLayout) => () => Promise.resolve(value);
    const crun = new OciRuntime('crun', '/usr/bin/crun', '/run/t/crun', layout(hybrid));
    const wrapped = await crun.creator();
    expect(wrapped.path).toMatch(/\/unshare$/);
    expect(wrapped.args).toEqual([...WRAPPER.slice(1), '/usr/bin/crun', '--root', '/run/t/crun']);
    const legacy = new OciRuntime(
      'crun',
      '/usr/bin/crun',
      '/run/t/crun',
      layout({ mode: 'legacy', unifiedControllers: '' }),
    );
    expect(await legacy.creator()).toEqual({
      path: '/usr/bin/crun',
      args: ['--root', '/run/t/crun'],
    });
    const runc = new OciRuntime('runc', '/usr/sbin/runc', '/run/t/runc', layout(hybrid));
    expect(await runc.creator()).toEqual({
      path: '/usr/sbin/runc',
      args: ['--root', '/run/t/runc'],
    });
  });
});

describe('the crun probe', () => {
  it('runs crun --version, through the wrapper where create needs it', () => {
    expect(crunProbeCommand(hybrid, '/usr/bin/crun', '/usr/bin/unshare')).toEqual({
      command: [...WRAPPER, '/usr/bin/crun', '--version'],
      wrapped: true,
    });
    expect(
      crunProbeCommand({ mode: 'unified', unifiedControllers: '' }, '/usr/bin/crun', undefined),
    ).toEqual({ command: ['/usr/bin/crun', '--version'], wrapped: false });
  });

  it('fails without unshare where the wrapper is needed, and on an unknown cgroup layout', () => {
    expect(crunProbeCommand(hybrid, '/usr/bin/crun', undefined)).toEqual({
      error: expect.stringContaining('unshare'),
    });
    expect(
      crunProbeCommand({ mode: undefined, unifiedControllers: '' }, '/usr/bin/crun', '/u'),
    ).toEqual({ error: expect.stringContaining('cgroup') });
  });
});

describe('choosing the runtime', () => {
  const works: CrunProbe = { binary: '/usr/bin/crun', works: true, detail: 'crun 1.8.1' };
  const broken: CrunProbe = { binary: '/usr/bin/crun', works: false, detail: 'unshare: EPERM' };
  const absent: CrunProbe = { binary: undefined, works: false, detail: 'not installed' };

  it('reads the setting: runc, crun, or auto when unset, empty or auto', () => {
    expect(runtimeSetting(undefined)).toBe('auto');
    expect(runtimeSetting('')).toBe('auto');
    expect(runtimeSetting(' Auto ')).toBe('auto');
    expect(runtimeSetting('runc')).toBe('runc');
    expect(runtimeSetting('CRUN')).toBe('crun');
    expect(() => runtimeSetting('youki')).toThrow(RUNTIME_ENV);
  });

  it('auto: crun when installed and working, else runc, saying why', () => {
    expect(chooseRuntime(undefined, '/usr/sbin/runc', works)).toEqual({
      runtime: 'crun',
      runtimeBinary: '/usr/bin/crun',
      reason: 'crun 1.8.1',
    });
    expect(chooseRuntime(undefined, '/usr/sbin/runc', broken)).toEqual({
      runtime: 'runc',
      runtimeBinary: '/usr/sbin/runc',
      reason: 'runc (crun does not work here: unshare: EPERM)',
    });
    expect(chooseRuntime('', '/usr/local/sbin/runc', absent)).toEqual({
      runtime: 'runc',
      runtimeBinary: '/usr/local/sbin/runc',
      reason: 'runc (crun is not installed)',
    });
    expect(chooseRuntime('auto', undefined, absent).runtimeBinary).toBe('/usr/sbin/runc');
  });

  it('the setting wins, whatever the probe says; crun asked for but absent is an error', () => {
    expect(chooseRuntime('runc', '/usr/sbin/runc', works).runtime).toBe('runc');
    expect(chooseRuntime('runc', '/usr/sbin/runc', undefined).runtime).toBe('runc');
    expect(chooseRuntime('crun', '/usr/sbin/runc', broken)).toMatchObject({
      runtime: 'crun',
      runtimeBinary: '/usr/bin/crun',
    });
    expect(() => chooseRuntime('crun', '/usr/sbin/runc', absent)).toThrow(/apt-get install crun/);
    expect(() => chooseRuntime('crun', '/usr/sbin/runc', undefined)).toThrow(/not installed/);
    expect(() => chooseRuntime('kata', '/usr/sbin/runc', works)).toThrow(/runc or crun/);
  });
});
