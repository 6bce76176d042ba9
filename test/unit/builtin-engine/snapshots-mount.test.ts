import { describe, expect, it } from 'vitest';
import {
  MOUNT_DATA_LIMIT,
  SnapshotError,
  mountsAtOrBelow,
  parseMountInfo,
  planOverlayMount,
  snapshotPaths,
} from '../../../src/builtin-engine/snapshots/index.js';

const ROOT = '/var/lib/tscompose';
const paths = snapshotPaths(ROOT, 'c1');
const hex = (n: number): string => n.toString(16).padStart(64, '0');
const lowers = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `${ROOT}/layers/${hex(index)}`);

function errorOf(run: () => unknown): SnapshotError {
  try {
    run();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError');
}

describe('snapshotPaths', () => {
  it('lays out the container directory under <root>/containers/<id>', () => {
    expect(paths).toEqual({
      dir: `${ROOT}/containers/c1`,
      lowerFile: `${ROOT}/containers/c1/lower.json`,
      upper: `${ROOT}/containers/c1/upper`,
      work: `${ROOT}/containers/c1/work`,
      merged: `${ROOT}/containers/c1/merged`,
      links: `${ROOT}/containers/c1/l`,
    });
  });

  it.each(['', '..', '.', 'a/b', '../x', '-x', 'a b', 'x'.repeat(129)])(
    'refuses the container id %j',
    (id) => {
      const error = errorOf(() => snapshotPaths(ROOT, id));
      expect(error.code).toBe('invalid-id');
      expect(error.message).toContain(`${ROOT}/containers`);
    },
  );
});

describe('planOverlayMount', () => {
  it('uses absolute paths while they fit in one page', () => {
    const plan = planOverlayMount('c1', paths, [`${ROOT}/layers/b`, `${ROOT}/layers/a`]);
    expect(plan).toEqual({
      kind: 'absolute',
      options: `lowerdir=${ROOT}/layers/b:${ROOT}/layers/a,upperdir=${paths.upper},workdir=${paths.work}`,
      target: paths.merged,
    });
  });

  it('switches to short links relative to the container dir when the string is too long', () => {
    const dirs = lowers(60);
    expect(`lowerdir=${dirs.join(':')}`.length).toBeGreaterThan(MOUNT_DATA_LIMIT);
    const plan = planOverlayMount('c1', paths, dirs);
    if (plan.kind !== 'linked') throw new Error(`expected a linked plan, got ${plan.kind}`);
    expect(plan.cwd).toBe(paths.dir);
    expect(plan.target).toBe('merged');
    expect(plan.links[0]).toEqual({ name: 'l/0', target: dirs[0] });
    expect(plan.links[59]).toEqual({ name: 'l/59', target: dirs[59] });
    expect(plan.options).toBe(
      `lowerdir=${dirs.map((_, index) => `l/${index}`).join(':')},upperdir=upper,workdir=work`,
    );
    expect(plan.options.length).toBeLessThanOrEqual(MOUNT_DATA_LIMIT);
  });

  it('keeps the exact limit: a string of limit bytes is absolute, one more is linked', () => {
    const dirs = lowers(3);
    const length = planOverlayMount('c1', paths, dirs).options.length;
    expect(planOverlayMount('c1', paths, dirs, length).kind).toBe('absolute');
    expect(planOverlayMount('c1', paths, dirs, length - 1).kind).toBe('linked');
  });

  it('refuses more layers than even the short form can carry', () => {
    const error = errorOf(() => planOverlayMount('c1', paths, lowers(1000)));
    expect(error.code).toBe('too-many-layers');
    expect(error.message).toContain('container c1');
    expect(error.message).toContain('1000 layers');
  });

  it.each([`${ROOT}/layers/a,b`, `${ROOT}/layers/a:b`, `${ROOT}/layers/a\\b`])(
    'refuses a lower dir the option parser would split: %s',
    (dir) => {
      const error = errorOf(() => planOverlayMount('c1', paths, [dir]));
      expect(error.code).toBe('unsupported-path');
      expect(error.path).toBe(dir);
    },
  );

  it('refuses an empty lower dir list', () => {
    expect(errorOf(() => planOverlayMount('c1', paths, [])).code).toBe('bad-image');
  });
});

describe('parseMountInfo', () => {
  const text = [
    '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
    '36 22 0:31 / /tmp/with\\040space rw,relatime - tmpfs tmpfs rw',
    '40 22 0:44 / /var/lib/tscompose/containers/c1/merged rw,relatime shared:5 master:2 - overlay overlay rw,lowerdir=/a',
    '',
  ].join('\n');

  it('reads mount points (octal escapes decoded) and fs types, optional fields or not', () => {
    expect(parseMountInfo(text)).toEqual([
      { mountPoint: '/', fsType: 'ext4' },
      { mountPoint: '/tmp/with space', fsType: 'tmpfs' },
      { mountPoint: '/var/lib/tscompose/containers/c1/merged', fsType: 'overlay' },
    ]);
  });

  it('finds mounts at or below a directory, not beside it', () => {
    const entries = [
      ...parseMountInfo(text),
      { mountPoint: '/var/lib/tscompose/containers/c10/merged', fsType: 'overlay' },
    ];
    expect(mountsAtOrBelow(entries, '/var/lib/tscompose/containers/c1')).toEqual([
      '/var/lib/tscompose/containers/c1/merged',
    ]);
  });
});
