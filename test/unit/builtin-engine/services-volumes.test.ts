import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANONYMOUS_LABEL,
  LocalVolumeService,
  filtersOf,
} from '../../../src/builtin-engine/daemon/volumes/index.js';
import {
  booleanFilter,
  matchField,
  matchLabels,
} from '../../../src/builtin-engine/daemon/filters.js';
import { EngineApiError } from '../../../src/builtin-engine/ports.js';
import { sandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
let service: LocalVolumeService;
let users: Map<string, string[]>;

function open(): LocalVolumeService {
  const created = new LocalVolumeService({
    volumesDir: join(box.dir, 'volumes'),
    stateDir: join(box.dir, 'state', 'volumes'),
    now: () => new Date('2026-11-22T16:19:38.456Z'),
  });
  created.setInUseCheck((name) => users.get(name) ?? []);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<EngineApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineApiError);
  return error as EngineApiError;
}

beforeEach(async () => {
  box = await sandbox();
  users = new Map();
  service = open();
});
afterEach(() => box.remove());

describe('filter arguments (shared by the three services)', () => {
  it('matches fields exactly or as a pattern, labels by key or key=value', () => {
    const filters = filtersOf({ name: ['web', '^db$'], label: ['a', 'b=2'] });
    expect(matchField(filters, 'name', 'app_web_1')).toBe(true);
    expect(matchField(filters, 'name', 'db')).toBe(true);
    expect(matchField(filters, 'name', 'dbx')).toBe(false);
    expect(matchField(filters, 'id', 'anything')).toBe(true);
    expect(matchField(filtersOf({ name: ['(['] }), 'name', '([')).toBe(true);
    expect(matchField(filtersOf({ name: ['(['] }), 'name', 'x')).toBe(false);
    expect(matchLabels(filters, { a: '', b: '2' })).toBe(true);
    expect(matchLabels(filters, { a: 'x', b: '3' })).toBe(false);
    expect(matchLabels(filters, null)).toBe(false);
    expect(matchLabels(filtersOf({ 'label!': ['keep'] }), { keep: 'x' })).toBe(false);
    expect(matchLabels(filtersOf({ 'label!': ['keep=no'] }), { keep: 'x' })).toBe(true);
  });

  it('reads booleans as Docker does', () => {
    expect(booleanFilter(filtersOf({ dangling: ['1'] }), 'dangling')).toBe(true);
    expect(booleanFilter(filtersOf({ dangling: ['FALSE'] }), 'dangling')).toBe(false);
    expect(booleanFilter(filtersOf(), 'dangling')).toBeUndefined();
    expect(() => booleanFilter(filtersOf({ dangling: ['true', 'false'] }), 'dangling')).toThrow(
      /Invalid filter/,
    );
  });
});

describe('volume service', () => {
  it('creates a named volume: directory on disk and the Engine shape', async () => {
    const shape = await service.createVolume({ Name: 'data', Labels: { a: 'b' } });
    const mountpoint = join(box.dir, 'volumes', 'data', '_data');
    expect(shape).toEqual({
      CreatedAt: '2026-11-22T16:19:38Z',
      Driver: 'local',
      Labels: { a: 'b' },
      Mountpoint: mountpoint,
      Name: 'data',
      Options: null,
      Scope: 'local',
    });
    expect((await stat(mountpoint)).isDirectory()).toBe(true);
    expect(await service.inspectVolume('data')).toEqual(shape);
  });

  it('create is idempotent: the existing volume comes back unchanged', async () => {
    await service.createVolume({ Name: 'data', Labels: { a: 'b' } });
    await writeFile(join(box.dir, 'volumes', 'data', '_data', 'keep'), 'x');
    const again = await service.createVolume({ Name: 'data', Labels: { a: 'c' } });
    expect(again.Labels).toEqual({ a: 'b' });
    expect(await readdir(join(box.dir, 'volumes', 'data', '_data'))).toEqual(['keep']);
  });

  it('an unnamed create gets a 64-hex name and null labels, as on Docker', async () => {
    const shape = await service.createVolume({});
    expect(shape.Name).toMatch(/^[a-f0-9]{64}$/);
    expect(shape.Labels).toBeNull();
  });

  it.each([
    [
      { Name: 'bad/name' },
      400,
      'create bad/name: "bad/name" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path',
    ],
    [
      { Name: '.hidden' },
      400,
      'create .hidden: ".hidden" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path',
    ],
    [
      { Name: 'a' },
      400,
      'create a: volume name is too short, names should be at least two alphanumeric characters',
    ],
    [
      { Name: 'v1', Driver: 'other' },
      404,
      'create v1: error looking up volume plugin other: plugin "other" not found',
    ],
    [
      { Name: 'v1', DriverOpts: { type: 'nfs', o: 'addr=1.2.3.4', device: ':/x' } },
      400,
      `create v1: the built-in engine's local volume driver takes no options other than a bind (type=none, o=bind, device=/host/dir); got {"type":"nfs","o":"addr=1.2.3.4","device":":/x"}`,
    ],
    [
      { Name: 'v1', DriverOpts: { type: 'none', o: 'bind', device: 'rel' } },
      400,
      `create v1: a bind volume's device must be an absolute path, not "rel"`,
    ],
  ])('refuses %j', async (body, status, message) => {
    const error = await failure(service.createVolume(body));
    expect([error.status, error.message]).toEqual([status, message]);
    expect(await readdir(box.dir)).not.toContain('volumes');
  });

  it('a bind volume mounts its device; its own _data stays empty and is all removal deletes', async () => {
    const device = join(box.dir, 'host-dir');
    await mkdir(device);
    await writeFile(join(device, 'precious'), 'data');
    const options = { type: 'none', o: 'bind', device };
    const shape = await service.createVolume({ Name: 'bound', DriverOpts: options });
    expect(shape.Options).toEqual(options);
    expect(await service.ensure('bound')).toEqual({
      name: 'bound',
      hostPath: device,
      created: false,
    });
    expect(await service.pruneVolumes(filtersOf())).toEqual({
      VolumesDeleted: ['bound'],
      SpaceReclaimed: 0,
    });
    expect(await readdir(device)).toEqual(['precious']);
  });

  it('inspect and remove of a missing volume: 404 in Docker’s words; force ignores it', async () => {
    for (const attempt of [
      service.inspectVolume('nope'),
      service.removeVolume('nope', { force: false }),
    ]) {
      const error = await failure(attempt);
      expect([error.status, error.message]).toEqual([404, 'get nope: no such volume']);
    }
    await service.removeVolume('nope', { force: true });
  });

  it('a volume in use is not removed, even with force (409 naming the containers)', async () => {
    await service.createVolume({ Name: 'data' });
    users.set('data', ['c1', 'c2']);
    for (const force of [false, true]) {
      const error = await failure(service.removeVolume('data', { force }));
      expect([error.status, error.message]).toEqual([
        409,
        'remove data: volume is in use - [c1 c2]',
      ]);
    }
    users.clear();
    await service.removeVolume('data', { force: false });
    expect(await readdir(join(box.dir, 'volumes'))).toEqual([]);
    expect((await failure(service.inspectVolume('data'))).status).toBe(404);
  });

  it('lists with name, driver, label and dangling filters; 400 for unknown ones', async () => {
    await service.createVolume({ Name: 'app_db', Labels: { tier: 'back' } });
    await service.createVolume({ Name: 'app_web', Labels: { tier: 'front' } });
    await service.createVolume({ Name: 'other' });
    users.set('app_web', ['c1']);
    const names = async (filters: Record<string, string[]> = {}) =>
      (await service.listVolumes(filtersOf(filters))).Volumes.map((v) => v.Name);
    expect(await names()).toEqual(['app_db', 'app_web', 'other']);
    expect(await names({ name: ['app_'] })).toEqual(['app_db', 'app_web']);
    expect(await names({ driver: ['local'] })).toHaveLength(3);
    expect(await names({ driver: ['loc'] })).toEqual([]);
    expect(await names({ label: ['tier=front'] })).toEqual(['app_web']);
    expect(await names({ label: ['tier'] })).toEqual(['app_db', 'app_web']);
    expect(await names({ dangling: ['true'] })).toEqual(['app_db', 'other']);
    expect(await names({ dangling: ['false'] })).toEqual(['app_web']);
    expect((await failure(names({ bogus: ['x'] }))).message).toBe("Invalid filter 'bogus'");
    expect((await failure(names({ dangling: ['maybe'] }))).message).toBe(
      "Invalid filter 'dangling=[maybe]'",
    );
  });

  it('prune removes every unused volume matching the labels (API 1.41), counting bytes', async () => {
    await service.createVolume({ Name: 'used' });
    await service.createVolume({ Name: 'idle', Labels: { keep: 'no' } });
    await service.createVolume({ Name: 'kept', Labels: { keep: 'yes' } });
    await service.ensure(undefined);
    users.set('used', ['c1']);
    await writeFile(join(box.dir, 'volumes', 'idle', '_data', 'f'), '12345');
    const pruned = await service.pruneVolumes(filtersOf({ 'label!': ['keep=yes'] }));
    expect(pruned.VolumesDeleted).toHaveLength(2);
    expect(pruned.VolumesDeleted).toContain('idle');
    expect(pruned.SpaceReclaimed).toBe(5);
    expect((await service.listVolumes(filtersOf())).Volumes.map((v) => v.Name)).toEqual([
      'kept',
      'used',
    ]);
    expect((await failure(service.pruneVolumes(filtersOf({ all: ['true'] })))).message).toBe(
      "Invalid filter 'all'",
    );
  });

  it('ensure: named volumes created once, anonymous ones labelled with fresh names', async () => {
    const first = await service.ensure('app_data', {
      labels: { 'com.docker.compose.project': 'app' },
    });
    expect(first).toEqual({
      name: 'app_data',
      hostPath: join(box.dir, 'volumes', 'app_data', '_data'),
      created: true,
    });
    expect((await service.ensure('app_data')).created).toBe(false);
    expect((await service.inspectVolume('app_data')).Labels).toEqual({
      'com.docker.compose.project': 'app',
    });
    expect((await service.ensure('plain')).created).toBe(true);
    expect((await service.inspectVolume('plain')).Labels).toBeNull();

    const anon = await service.ensure(undefined, { labels: { x: 'y' } });
    expect(anon.name).toMatch(/^[a-f0-9]{64}$/);
    expect(anon.created).toBe(true);
    expect((await service.inspectVolume(anon.name)).Labels).toEqual({
      [ANONYMOUS_LABEL]: '',
      x: 'y',
    });
    expect((await service.ensure(undefined)).name).not.toBe(anon.name);
    await expect(service.ensure('x/y')).rejects.toThrow(/invalid characters/);
  });

  it('concurrent ensure of one name makes one volume', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => service.ensure('shared')));
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('volumes survive a daemon restart (records on disk)', async () => {
    await service.createVolume({ Name: 'data', Labels: { a: 'b' } });
    const restarted = open();
    expect((await restarted.inspectVolume('data')).Labels).toEqual({ a: 'b' });
    expect((await restarted.ensure('data')).created).toBe(false);
  });
});
