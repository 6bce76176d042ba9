import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../../../src/builtin-engine/daemon/record-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscompose-records-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RecordStore', () => {
  it('puts, gets, lists and removes records', async () => {
    const store = new RecordStore<{ n: number }>(join(dir, 'containers'));
    expect(await store.get('a')).toBeUndefined();
    await store.put('a', { n: 1 });
    await store.put('b', { n: 2 });
    await store.put('a', { n: 3 });
    expect(await store.get('a')).toEqual({ n: 3 });
    expect((await store.all()).sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'a', record: { n: 3 } },
      { key: 'b', record: { n: 2 } },
    ]);
    await store.remove('a');
    await store.remove('missing');
    expect(await store.all()).toEqual([{ key: 'b', record: { n: 2 } }]);
  });

  it('drops the temp files of interrupted writes when listing', async () => {
    const store = new RecordStore<{ n: number }>(dir);
    await store.put('a', { n: 1 });
    await writeFile(join(dir, '.a.deadbeef.tmp'), '{"n":');
    expect(await store.all()).toEqual([{ key: 'a', record: { n: 1 } }]);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('refuses keys that are not plain file names', async () => {
    const store = new RecordStore<number>(dir);
    for (const key of ['', '../x', 'a/b', '.hidden']) {
      await expect(store.put(key, 1)).rejects.toThrow(/invalid record key/);
    }
  });
});
