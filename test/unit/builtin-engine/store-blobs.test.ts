import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageStore, ImageStoreError } from '../../../src/builtin-engine/store/index.js';
import { sandbox, sha256, type Sandbox } from './helpers.js';

let box: Sandbox;
let store: ImageStore;

beforeEach(async () => {
  box = await sandbox();
  store = await ImageStore.open(join(box.dir, 'store'));
});
afterEach(() => box.remove());

const blobsDir = () => join(box.dir, 'store', 'blobs', 'sha256');
const ingestDir = () => join(box.dir, 'store', 'ingest');

describe('image store: blobs', () => {
  it('writes an OCI layout and stores content under its sha256', async () => {
    const info = await store.blobs.write(
      Readable.from([Buffer.from('hello '), Buffer.from('world')]),
    );
    expect(info).toEqual({ digest: sha256('hello world'), size: 11 });
    expect(await readFile(join(blobsDir(), info.digest.slice(7)), 'utf8')).toBe('hello world');
    expect(JSON.parse(await readFile(join(box.dir, 'store', 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    expect(await readdir(ingestDir())).toEqual([]);
  });

  it('verifies the promised digest and size, and keeps nothing that does not match', async () => {
    const wrong = sha256('something else');
    await expect(store.blobs.write('hello', { digest: wrong, what: 'layer X' })).rejects.toThrow(
      /layer X: content digest is sha256:2cf24dba.*expected sha256:/,
    );
    await expect(store.blobs.write('hello', { size: 6 })).rejects.toMatchObject({
      code: 'digest-mismatch',
    });
    expect(await readdir(blobsDir())).toEqual([]);
    expect(await readdir(ingestDir())).toEqual([]);
  });

  it('deduplicates, reads back with verification and detects a damaged blob', async () => {
    const first = await store.blobs.write('{"a":1}', { digest: sha256('{"a":1}') });
    const second = await store.blobs.write('{"a":1}');
    expect(second).toEqual(first);
    expect(await store.blobs.list()).toEqual([first.digest]);
    expect(await store.blobs.readJson(first.digest)).toEqual({ a: 1 });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(blobsDir(), first.digest.slice(7)), '{"a":2}');
    const error = await store.blobs.readJson(first.digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageStoreError);
    expect((error as ImageStoreError).code).toBe('corrupt');
  });

  it('a failed source stream leaves no temp file', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.blobs.write(failing)).rejects.toThrow('connection reset');
    expect(await readdir(ingestDir())).toEqual([]);
    expect(await readdir(blobsDir())).toEqual([]);
  });
});
